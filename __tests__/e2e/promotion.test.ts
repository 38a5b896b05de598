// Promotion control end to end (real terraform, real git, the local backend): verification after
// apply, the gate that waits for it, `verify`, history, pending promotions, freezes and bad input.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { jest } from '@jest/globals';
import { cli } from '../helpers/cli.js';
import type { ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { BASE, commitConfig, deploy, resources, run, securityRepo, stageOf } from '../security/project.js';
import { PROJECT_ENV, SECRET, type ReviewConfig } from './review-project.js';

jest.setTimeout(600_000);

interface HistoryJson {
  entries: {
    environment: string;
    commit: string;
    ref: string;
    trigger: string;
    result: string;
    approvals?: string[];
    verification?: { status: string; checks: { name: string; status: string }[] };
  }[];
}

interface StatusJson {
  environments: {
    environment: string;
    commit: string | null;
    freeze: { reason: string; by: string; until?: string } | null;
    verification?: { status: string };
    pending?: { commits: { sha: string; subject: string }[]; from: string; command?: string };
  }[];
}

function parse<T>(r: { stdout: string; stderr: string; exitCode: number }, what: string): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`${what} printed no JSON (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
  }
}

/** The verification hook: keeps its stdin, fails while `<marks>/fail-<environment>` exists. */
function verifyConfig(marks: string, environments?: string[]): NonNullable<ReviewConfig['verify']> {
  const command = `cat > "${marks}/stdin-$CDKTF_GITOPS_ENVIRONMENT.json"; test ! -e "${marks}/fail-$CDKTF_GITOPS_ENVIRONMENT"`;
  return [{ name: 'smoke', command, ...(environments ? { environments } : {}) }];
}

describe('verification, history, pending promotions and freezes (local backend)', () => {
  let repo: ExampleRepo;
  let marks: string;
  let first: string;
  const control = (args: string[]) => cli(repo.dir, args, PROJECT_ENV);
  const history = async (args: string[] = []) =>
    parse<HistoryJson>(await control(['history', '--json', ...args]), 'history');
  const status = async () => parse<StatusJson>(await control(['status', '--json']), 'status');
  const envStatus = async (environment: string) => {
    const e = (await status()).environments.find((s) => s.environment === environment);
    if (!e) throw new Error(`no ${environment} in status`);
    return e;
  };

  beforeAll(async () => {
    marks = makeTempDir('cdktf-gitops-verify-');
    // apps-prod has no hook: `verify --env apps-prod` is a usage error.
    repo = await securityRepo({ resources: BASE, verify: verifyConfig(marks, ['ops', 'apps']) });
    first = await git(repo.dir, 'rev-parse', 'HEAD');
  });
  afterAll(() => {
    repo.remove();
    removeDir(marks);
  });

  it('a failed verification of apps: the apply stays, apps-deploy exits 1, apps-prod-deploy is refused (exit 3)', async () => {
    const main = await run(repo.dir);
    expect(main.exitCode).toBe(0);
    expect(stageOf(main, 'ops')).toMatchObject({ status: 'applied', verification: { status: 'passed' } });

    writeFileSync(path.join(marks, 'fail-apps'), '');
    const r = await deploy(repo.dir, 'apps-deploy-1', first);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/verification 'smoke' FAILED/);
    expect(stageOf(r, 'apps')).toMatchObject({
      status: 'applied',
      verification: { status: 'failed', checks: [{ name: 'smoke', status: 'failed', exitCode: 1 }] },
    });
    expect(resources(repo.dir, 'apps')).toEqual(['terraform_data.a', 'terraform_data.dns', 'terraform_data.secret']);
    // The hook read the environment's non-sensitive outputs: none here, and never the secret.
    const stdin = readFileSync(path.join(marks, 'stdin-apps.json'), 'utf8');
    expect(JSON.parse(stdin)).toEqual({});
    expect(stdin).not.toContain(SECRET);

    const prod = await deploy(repo.dir, 'apps-prod-deploy-1', first);
    expect(prod.exitCode).toBe(3);
    expect(prod.json.message).toContain(`apps' apply of ${first.slice(0, 12)} failed verification 'smoke'`);
    expect(resources(repo.dir, 'apps-prod')).toEqual([]);
    expect((await envStatus('apps')).verification).toMatchObject({ status: 'failed' });
  });

  it('`verify --env apps` re-runs the hooks against what apps runs, records the pass, and the gate opens', async () => {
    rmSync(path.join(marks, 'fail-apps'));
    const v = await control(['verify', '--env', 'apps', '--json']);
    expect(v.exitCode).toBe(0);
    expect(parse<{ commit: string; verification: { status: string } }>(v, 'verify')).toMatchObject({
      commit: first,
      verification: { status: 'passed' },
    });
    expect((await envStatus('apps')).verification).toMatchObject({ status: 'passed' });
    const prod = await deploy(repo.dir, 'apps-prod-deploy-2', first);
    expect(prod.exitCode).toBe(0);
    expect(resources(repo.dir, 'apps-prod')).toEqual([
      'terraform_data.a',
      'terraform_data.dns',
      'terraform_data.secret',
    ]);
  });

  it('`history` lists every apply and verification, newest first; --env and --limit narrow it', async () => {
    const { entries } = await history();
    expect(entries.map((e) => [e.environment, e.trigger, e.result, e.verification?.status ?? null])).toEqual([
      ['apps-prod', 'deploy-tag', 'succeeded', null],
      ['apps', 'verify', 'succeeded', 'passed'],
      ['apps', 'deploy-tag', 'succeeded', 'failed'],
      ['ops', 'main', 'succeeded', 'passed'],
    ]);
    expect(new Set(entries.map((e) => e.commit))).toEqual(new Set([first]));
    expect(entries[0]!.ref).toBe('refs/tags/apps-prod-deploy-2');
    const apps = await history(['--env', 'apps', '--limit', '1']);
    expect(apps.entries.map((e) => e.trigger)).toEqual(['verify']);
    const text = await control(['history']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/refs\/tags\/apps-prod-deploy-2/);
    expect(text.stdout).toContain(first.slice(0, 12));
  });

  it('status shows the commits waiting for each environment and the command that promotes them', async () => {
    const second = await commitConfig(
      repo,
      { ...config(marks), resources: { ...BASE, ops: [{ name: 'a' }, { name: 'b' }] } },
      'ops: b',
    );
    const third = await commitConfig(
      repo,
      { ...config(marks), resources: { ...BASE, ops: [{ name: 'b' }] } },
      'ops: drop a',
    );
    const main = await run(repo.dir);
    expect(main.exitCode).toBe(0);
    const apps = await envStatus('apps');
    expect(apps.pending).toMatchObject({ from: 'ops' });
    expect(apps.pending!.commits.map((c) => c.sha)).toEqual([third, second]);
    expect(apps.pending!.command).toMatch(new RegExp(`^git tag apps-deploy-\\S+ ${third}`));
    // apps-prod runs what apps runs: nothing waits for it.
    expect((await envStatus('apps-prod')).pending?.commits ?? []).toEqual([]);
    const text = await control(['status']);
    expect(text.stdout).toMatch(/2 commits waiting/);
  });

  it('a frozen ops refuses main (exit 3, with the reason); plans still run; --ignore-freeze is kept in the history; unfreeze applies', async () => {
    const frozen = await control(['freeze', 'ops', '--reason', 'db migration', '--until', '2h', '--json']);
    expect(frozen.exitCode).toBe(0);
    expect((await envStatus('ops')).freeze).toMatchObject({ reason: 'db migration' });

    await commitConfig(
      repo,
      { ...config(marks), resources: { ...BASE, ops: [{ name: 'b' }, { name: 'c' }] } },
      'ops: c',
    );
    const before = resources(repo.dir, 'ops');
    const refused = await run(repo.dir);
    expect(refused.exitCode).toBe(3);
    expect(refused.json.status).toBe('refused');
    expect(refused.json.message).toMatch(/ops is frozen .*db migration/);
    expect(refused.json.message).toMatch(/--ignore-freeze/);
    expect(resources(repo.dir, 'ops')).toEqual(before);

    // A feature branch plans ops as ever.
    await git(repo.dir, 'switch', '-q', '-c', 'feature/look');
    const plan = await run(repo.dir);
    await git(repo.dir, 'switch', '-q', 'main');
    expect(plan.exitCode).toBe(0);
    expect(stageOf(plan, 'ops').status).toBe('planned');

    const forced = await run(repo.dir, ['--ignore-freeze']);
    expect(forced.exitCode).toBe(0);
    expect(forced.stderr).toMatch(/FREEZE IGNORED: ops is frozen/);
    expect(resources(repo.dir, 'ops')).toEqual(['terraform_data.b', 'terraform_data.c', 'terraform_data.secret']);
    expect((await history(['--env', 'ops', '--limit', '1'])).entries[0]).toMatchObject({
      approvals: expect.arrayContaining(['ignore-freeze']),
    });

    const unfrozen = await control(['unfreeze', 'ops']);
    expect(unfrozen.exitCode).toBe(0);
    expect(unfrozen.stdout).toMatch(/ops unfrozen \(was: db migration\)/);
    expect((await envStatus('ops')).freeze).toBeNull();
    await commitConfig(repo, { ...config(marks), resources: { ...BASE, ops: [{ name: 'c' }] } }, 'ops: drop b');
    const after = await run(repo.dir);
    expect(after.exitCode).toBe(0);
    expect(resources(repo.dir, 'ops')).toEqual(['terraform_data.c', 'terraform_data.secret']);
  });

  it('rollback: history names the commit apps ran before; its tag passes the gate and the destroy guard asks for --allow-destroy', async () => {
    const withCache = {
      ...config(marks),
      resources: { ...BASE, ops: [{ name: 'c' }], apps: [...BASE.apps!, { name: 'cache' }] },
    };
    const cache = await commitConfig(repo, withCache, 'apps: cache');
    expect((await run(repo.dir)).exitCode).toBe(0);
    expect((await deploy(repo.dir, 'apps-deploy-cache', cache)).exitCode).toBe(0);
    expect(resources(repo.dir, 'apps')).toContain('terraform_data.cache');

    // The documented way back: the apply of apps before the newest one, from `history`.
    const applies = (await history(['--env', 'apps'])).entries.filter((e) => e.trigger === 'deploy-tag');
    expect(applies[0]!.commit).toBe(cache);
    const previous = applies.find((e) => e.commit !== cache)!.commit;
    expect(previous).toBe(first);
    const refused = await deploy(repo.dir, 'apps-deploy-rollback', previous);
    expect(refused.exitCode).toBe(3);
    expect(refused.json.gate).toMatchObject({ passed: true });
    expect(stageOf(refused, 'apps').guard).toMatchObject({ refused: true });
    expect(resources(repo.dir, 'apps')).toContain('terraform_data.cache');

    const rolledBack = await deploy(repo.dir, 'apps-deploy-rollback', previous, ['--allow-destroy']);
    expect(rolledBack.exitCode).toBe(0);
    expect(resources(repo.dir, 'apps')).toEqual(['terraform_data.a', 'terraform_data.dns', 'terraform_data.secret']);
    expect((await history(['--env', 'apps', '--limit', '1'])).entries[0]).toMatchObject({
      commit: previous,
      ref: 'refs/tags/apps-deploy-rollback',
      approvals: expect.arrayContaining(['allow-destroy']),
    });
  });

  it('bad input is a usage error (exit 2) and writes nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['freeze', 'prod', '--reason', 'x'], /unknown environment 'prod'.*ops, apps, apps-prod/],
      [['freeze', 'ops', '--reason', 'x', '--until', 'tomorrow'], /tomorrow/],
      [['freeze', 'ops', '--reason', 'x', '--until', '2020-01-01T00:00:00Z'], /not in the future/],
      [['history', '--env', 'prod'], /unknown environment 'prod'/],
      [['history', '--limit', '0'], /--limit must be a positive integer/],
      [['verify', '--env', 'apps-prod'], /apps-prod has no verification hook/],
      [['verify', '--env', 'nope'], /unknown environment 'nope'/],
    ];
    for (const [args, message] of cases) {
      const r = await control(args);
      expect({ args, exitCode: r.exitCode }).toEqual({ args, exitCode: 2 });
      expect(r.stderr).toMatch(message);
    }
    expect((await envStatus('ops')).freeze).toBeNull();
    expect(existsSync(path.join(marks, 'stdin-apps-prod.json'))).toBe(false);
  });
});

/** The project's settings other than resources, as the suite above committed them. */
function config(marks: string): ReviewConfig {
  return { resources: BASE, verify: verifyConfig(marks, ['ops', 'apps']) };
}
