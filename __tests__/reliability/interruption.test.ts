import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { killAll, startCli, type CliProcess } from '../helpers/cli.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { readLines } from '../helpers/files.js';
import { describeWithPostgres, usePostgres, type PostgresServer } from '../helpers/postgres.js';
import { brief, runOutcome } from '../helpers/run-json.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait.js';
import { localProbe, pgProbe, type BackendProbe } from './backend-state.js';
import { projectSource } from './project-source.js';

// SIGINT/SIGTERM to the CLI during an apply: terraform is interrupted, saves state and unlocks.

const MAIN = ['run', '--json', '--ref', 'refs/heads/main'];

describe('interrupting the CLI during an apply (real terraform)', () => {
  let tmp: string;
  const repos: ExampleRepo[] = [];
  const started: CliProcess[] = [];

  beforeAll(async () => {
    tmp = makeTempDir('cdktf-gitops-signals-');
  });
  afterAll(async () => {
    await killAll(started);
    for (const repo of repos) repo.remove();
    removeDir(tmp);
  });

  /** A project on the local backend, or on `server` when given. */
  async function setup(name: string, server?: PostgresServer) {
    const backend = server ? 'pg' : 'local';
    const repo = await exampleRepo({ mainTs: projectSource({ backend, hold: true }) });
    repos.push(repo);
    const applyLog = path.join(tmp, `${name}.log`);
    const env: Record<string, string> = {
      APPLY_LOG: applyLog,
      ...(server ? { PG_CONN_STR: server.connStr } : {}),
    };
    const run = (args: string[] = [], extraEnv: Record<string, string> = {}) => {
      const p = startCli(repo.dir, [...MAIN, ...args], { ...env, ...extraEnv });
      started.push(p);
      return p;
    };
    const probe: BackendProbe = server ? pgProbe(server) : localProbe(path.join(repo.dir, '.terraform-state'));
    return { repo, applyLog, run, probe };
  }

  /** Signals the CLI while ops' apply is held: terraform saves state and unlocks; the next run converges. */
  async function interruptApply(signal: 'SIGINT' | 'SIGTERM', code: number, server?: PostgresServer) {
    const { applyLog, run, probe } = await setup(signal, server);
    const p = run(['--verbose']);
    await waitFor(() => readLines(`${applyLog}.started`).includes('ops 1'), "ops' apply to start");
    p.kill(signal);
    const r = await p;
    expect(r.exitCode).toBe(code);
    expect(r.stderr).toContain(`${signal} received: interrupting terraform`);
    const outcome = runOutcome(r);
    expect(brief(outcome)).toMatchObject({ status: 'failed', stages: ['ops: failed', 'apps: skipped'] });
    expect(outcome.json.stages[0]!.error!.message).toMatch(/^terraform apply aborted \(SIGINT sent\): /);
    expect(readLines(applyLog)).toEqual([]);
    expect(await probe.locked('ops')).toBe(false);
    // The state is readable and knows the interrupted resource (tainted), so the next run replaces it.
    expect((await probe.state('ops'))?.resources).toContain('terraform_data.work');

    writeFileSync(`${applyLog}.release`, '');
    const again = runOutcome(await run(['--lock-timeout', '0s']));
    expect(brief(again)).toEqual({
      exitCode: 0,
      status: 'succeeded',
      message: null,
      stages: ['ops: applied', 'apps: planned'],
    });
    expect(readLines(applyLog)).toEqual(['ops 1']);
    const state = await probe.state('ops');
    expect(state).toMatchObject({
      resources: ['terraform_data.cdktf_gitops_deployment', 'terraform_data.work'],
      revision: '1',
    });
  }

  it('SIGINT → exit 130, local state saved and unlocked, the next run converges', () => interruptApply('SIGINT', 130));

  describeWithPostgres('on the pg backend (real PostgreSQL)', () => {
    const server = usePostgres();
    it('SIGTERM → exit 143, pg state saved and unlocked, the next run converges', () =>
      interruptApply('SIGTERM', 143, server()));
  });

  it('a second signal exits at once with the code; terraform is then terminated', async () => {
    const { run } = await setup('twice');
    // Real terraform, except an apply that ignores SIGINT like a terraform that cannot stop in time.
    const fake = path.join(tmp, 'stubborn-terraform');
    const pidFile = path.join(tmp, 'apply.pid');
    const signals = path.join(tmp, 'signals');
    writeFileSync(
      fake,
      [
        '#!/bin/sh',
        'if [ "$1" = apply ]; then',
        `  echo $$ > '${pidFile}'`,
        `  trap 'echo INT >> "${signals}"' INT`,
        `  trap 'echo TERM >> "${signals}"; exit 143' TERM`,
        '  i=0; while [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done',
        '  exit 1',
        'fi',
        'exec terraform "$@"',
        '',
      ].join('\n'),
    );
    chmodSync(fake, 0o755);
    const p = run([], { TERRAFORM_BINARY: fake });
    await waitFor(() => existsSync(pidFile), 'the apply to start');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    p.kill('SIGINT');
    await waitFor(() => readLines(signals).includes('INT'), 'terraform to get the interrupt');
    p.kill('SIGINT');
    const r = await p;
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toContain('SIGINT again: exiting now');
    // Not left running: the CLI's exit terminates it instead of waiting out the SIGKILL grace period.
    await waitFor(() => !alive(pid), 'the stubborn terraform to be terminated');
    expect(readLines(signals)).toEqual(['INT', 'TERM']);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
