import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { killAll, startCli, type CliProcess } from '../helpers/cli.js';
import { cloneRepo, exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { readLines } from '../helpers/files.js';
import { git } from '../helpers/git.js';
import { brief, runOutcome, type RunOutcome } from '../helpers/run-json.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { TerraformLog } from '../helpers/terraform-log.js';
import { waitFor } from '../helpers/wait.js';
import type { BackendProbe } from './backend-state.js';
import { projectSource, type ProjectSourceOptions } from './project-source.js';

/** One backend under test: how the CLI reaches it and how a test looks into it. */
export interface ConcurrencyBackend {
  readonly type: 'local' | 'pg';
  /** Extra environment of every CLI run (e.g. `PG_CONN_STR`). */
  env(): Record<string, string>;
  /** Reads states and locks; `stateDir` is where the local backend keeps them. */
  probe(stateDir: string): BackendProbe;
}

const RECORD = 'terraform_data.cdktf_gitops_deployment';
const MAIN = ['run', '--json', '--ref', 'refs/heads/main'];

/**
 * Three pipelines racing on one environment, through the real CLI: first in three checkouts of one
 * repository (CI jobs) on a fresh backend, then in one checkout while an apply holds the lock.
 */
export function describeConcurrency(backend: ConcurrencyBackend): void {
  let repo: ExampleRepo;
  let tmp: string;
  let applyLog: string;
  let tf: TerraformLog;
  const started: CliProcess[] = [];
  const source = (opts: ProjectSourceOptions) =>
    projectSource({ backend: backend.type, stateDir: path.join(tmp, 'state'), ...opts });
  const probe = () => backend.probe(path.join(tmp, 'state'));
  const run = (dir: string, args: string[] = []) => {
    const p = startCli(dir, [...MAIN, ...args], { ...backend.env(), ...tf.env(), APPLY_LOG: applyLog });
    started.push(p);
    return p;
  };

  beforeAll(async () => {
    tmp = makeTempDir('cdktf-gitops-race-');
    applyLog = path.join(tmp, 'applied.log');
    tf = new TerraformLog();
    repo = await exampleRepo({ mainTs: source({ revision: '1', hold: true }) });
  });
  afterAll(async () => {
    // A failed test may leave a run behind; it must not outlive its files.
    await killAll(started);
    repo?.remove();
    tf?.remove();
    removeDir(tmp);
  });

  it('three checkouts run main at once on a fresh backend: all succeed, the change is applied once', async () => {
    const clones = await Promise.all([1, 2, 3].map((i) => cloneRepo(repo.dir, path.join(tmp, `clone-${i}`))));
    const runs = clones.map((dir) => run(dir));
    // The first apply holds ops' lock until released: every run reaching ops' plan meanwhile proves they overlap.
    await waitFor(() => readLines(`${applyLog}.started`).includes('ops 1'), "ops' apply to start");
    const opsPlans = (dir: string) =>
      tf.calls().filter((c) => c.startsWith('plan ') && c.includes(path.join(dir, 'cdktf.out', 'stacks', 'ops', '')));
    await waitFor(() => clones.every((dir) => opsPlans(dir).length > 0), 'every run to plan ops during the apply');
    expect(readLines(applyLog)).toEqual([]);
    writeFileSync(`${applyLog}.release`, '');
    const outcomes = (await Promise.all(runs)).map(runOutcome);
    rmSync(`${applyLog}.release`);
    for (const o of outcomes) {
      expect(brief(o)).toMatchObject({
        exitCode: 0,
        status: 'succeeded',
        message: null,
        stages: [expect.stringMatching(/^ops: /), 'apps: planned'],
      });
    }
    const ops = outcomes.map((o) => o.json.stages[0]!);
    expect(ops.filter((s) => s.changes.add > 0).map((s) => s.status)).toEqual(['applied']);
    // The others waited for the lock and found nothing left to do but, at most, the record (or, started
    // after the apply was recorded, found ops as it left it: no terraform at all).
    for (const s of ops.filter((s) => s.changes.add === 0)) {
      expect(['no-changes', 'applied', 'unchanged']).toContain(s.status);
      expect(s.changes).toEqual({ add: 0, change: 0, destroy: 0 });
    }
    expect(readLines(applyLog)).toEqual(['ops 1']);
    expect(await probe().state('ops')).toMatchObject({ resources: [RECORD, 'terraform_data.work'], revision: '1' });
    expect(await probe().locked('ops')).toBe(false);
  });

  it('one checkout, an apply holding the lock: a 0s lock timeout fails naming the holder, a waiting run converges', async () => {
    const head = await repo.commitFile('main.ts', source({ revision: '2', hold: true }), 'revision 2');
    const before = (await probe().state('ops'))!;
    const holder = run(repo.dir);
    await waitFor(() => readLines(`${applyLog}.started`).includes('ops 2'), "ops' apply to start");
    const lockInfo = backend.type === 'local' ? readLockInfo(path.join(tmp, 'state')) : undefined;
    const waiting = run(repo.dir);
    const b = runOutcome(await run(repo.dir, ['--lock-timeout', '0s']));
    writeFileSync(`${applyLog}.release`, '');
    const [a, c] = (await Promise.all([holder, waiting])).map(runOutcome) as [RunOutcome, RunOutcome];

    expect(brief(a)).toEqual({
      exitCode: 0,
      status: 'succeeded',
      message: null,
      stages: ['ops: applied', 'apps: planned'],
    });
    expect(a.json).toMatchObject({ commit: head, stages: [{ changes: { add: 1, change: 0, destroy: 1 } }, {}] });
    expect(brief(b)).toMatchObject({ exitCode: 1, status: 'failed', stages: ['ops: failed', 'apps: skipped'] });
    const message = b.json.stages[0]!.error!.message;
    expect(b.json.message).toContain(message);
    expect(message).toMatch(/Error acquiring the state lock/);
    if (lockInfo)
      expect(message).toMatch(
        new RegExp(`ID: +${lockInfo.ID}[\\s\\S]*Operation: +OperationTypeApply[\\s\\S]*Who: +${lockInfo.Who}`),
      );
    // pg keeps no lock info: the pipeline says the printed Lock Info is not the holder's.
    else expect(message).toMatch(/already locked[\s\S]*does not say which/i);
    expect(brief(c)).toMatchObject({
      exitCode: 0,
      status: 'succeeded',
      stages: [expect.stringMatching(/^ops: (no-changes|applied)$/), 'apps: planned'],
    });
    expect(c.json.stages[0]!.changes).toEqual({ add: 0, change: 0, destroy: 0 });

    expect(readLines(applyLog)).toEqual(['ops 1', 'ops 2']);
    const after = (await probe().state('ops'))!;
    expect(after).toMatchObject({ lineage: before.lineage, resources: [RECORD, 'terraform_data.work'], revision: '2' });
    expect(after.serial).toBeGreaterThan(before.serial);
    expect(await probe().locked('ops')).toBe(false);
    // No lock left behind: a run that may not wait at all converges to nothing to do (ops as applied: no terraform).
    const again = runOutcome(await run(repo.dir, ['--lock-timeout', '0s']));
    expect(brief(again)).toEqual({
      exitCode: 0,
      status: 'succeeded',
      message: null,
      stages: ['ops: unchanged', 'apps: planned'],
    });
    expect(await git(repo.dir, 'status', '--porcelain')).toBe('');
  });
}

/** The local backend's lock info while an apply holds the lock of `ops`. */
function readLockInfo(stateDir: string): { ID: string; Who: string } {
  return JSON.parse(readFileSync(path.join(stateDir, 'workspaces', 'ops', '.terraform.tfstate.lock.info'), 'utf8')) as {
    ID: string;
    Who: string;
  };
}
