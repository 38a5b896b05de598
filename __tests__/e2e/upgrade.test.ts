import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { cli } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { useExampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { ROOT } from '../helpers/paths.js';
import { brief, runOutcome, statusRecords } from '../helpers/run-json.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';

// Backward compatibility of several stacks per environment: a one-stack project deployed by the
// release before it (round 2's last commit, from this repository's history) keeps working after
// the upgrade, state included: the same backend, its records, and nothing to change.

/** The last commit before several stacks per environment. */
const PREVIOUS_RELEASE = '1dba768487e6cc304acdfc2ed458f2f6c4fa456e';
/** The last commit before the apply history and change detection (the end of round 2: a compiled package). */
const ROUND_2_RELEASE = '7355c4d57072939647f59908fe3d19bd758431d5';

/** A release's sources, extracted from git, its dependencies linked to this checkout's. */
function extractPreviousRelease(commit = PREVIOUS_RELEASE): string {
  try {
    execFileSync('git', ['-C', ROOT, 'cat-file', '-e', `${commit}^{commit}`], { stdio: 'ignore' });
  } catch {
    throw new Error(`commit ${commit} is not in this clone: this test needs the repository's history`);
  }
  const dir = makeTempDir('cdktf-gitops-previous-');
  const tar = execFileSync('git', ['-C', ROOT, 'archive', commit], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Gives the project its own node_modules whose `cdktf-gitops` is `release` (everything else: this checkout's). */
function installRelease(project: string, release: string): void {
  const modules = path.join(project, 'node_modules');
  rmSync(modules, { recursive: true, force: true });
  mkdirSync(modules);
  for (const name of readdirSync(path.join(ROOT, 'node_modules'))) {
    if (name === 'cdktf-gitops') continue;
    symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name), 'dir');
  }
  symlinkSync(release, path.join(modules, 'cdktf-gitops'), 'dir');
}

/** The previous release's CLI, run from its sources as its bin does without a build. */
async function previousCli(release: string, repo: ExampleRepo, args: string[]) {
  const r = await execa(process.execPath, [path.join(release, 'bin', 'cdktf-gitops'), ...args], {
    cwd: repo.dir,
    env: cleanEnv(),
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function backendOf(repo: ExampleRepo, env: string): unknown {
  const file = path.join(repo.dir, 'cdktf.out', 'stacks', env, 'cdk.tf.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { terraform: { backend: unknown } }).terraform.backend;
}

describe('upgrading a one-stack-per-environment project from the previous release', () => {
  const repo = useExampleRepo();
  let release: string | undefined;
  afterAll(() => removeDir(release));

  it('deploys with the previous release, then runs with this one: same state, records kept, no changes', async () => {
    release = extractPreviousRelease();
    installRelease(repo.dir, release);
    const main = runOutcome(await previousCli(release, repo, ['run', '--ref', 'refs/heads/main', '--json']));
    expect(brief(main)).toMatchObject({ exitCode: 0, stages: ['ops: applied', 'apps: planned'] });
    await git(repo.dir, 'tag', 'apps-deploy-1');
    const deploy = runOutcome(await previousCli(release, repo, ['run', '--ref', 'refs/tags/apps-deploy-1', '--json']));
    expect(brief(deploy)).toMatchObject({ exitCode: 0, stages: ['apps: applied', 'apps-prod: planned'] });
    const backends = ['ops', 'apps', 'apps-prod'].map((env) => backendOf(repo, env));
    // Read with the previous release's own CLI (its package has no build: only its sources resolve).
    const before = await previousCli(release, repo, ['status', '--json']);
    expect(before.exitCode).toBe(0);
    const records = Object.fromEntries(
      (JSON.parse(before.stdout) as { environments: { environment: string; record: unknown }[] }).environments.map(
        (e) => [e.environment, e.record],
      ),
    );

    // The upgrade: the project now imports this checkout's cdktf-gitops and runs its CLI.
    installRelease(repo.dir, ROOT);
    const again = runOutcome(await cli(repo.dir, ['run', '--ref', 'refs/heads/main', '--json']));
    expect(brief(again)).toMatchObject({ exitCode: 0, stages: ['ops: no-changes', 'apps: no-changes'] });
    expect(again.json.stages.every((s) => s.stacks === undefined)).toBe(true);
    expect(['ops', 'apps', 'apps-prod'].map((env) => backendOf(repo, env))).toEqual(backends);
    expect(await statusRecords(repo.dir)).toEqual(records);
    // The gate reads apps' record written by the previous release; the reviewed plan it recorded for
    // apps-prod is found and matches.
    await git(repo.dir, 'tag', 'apps-prod-deploy-1');
    const prod = runOutcome(await cli(repo.dir, ['run', '--ref', 'refs/tags/apps-prod-deploy-1', '--json']));
    expect(brief(prod)).toMatchObject({ exitCode: 0, stages: ['apps-prod: applied'] });
    expect(prod.json.gate?.passed).toBe(true);
    expect((prod.json.stages[0] as { review?: { matches: boolean } }).review?.matches).toBe(true);
  });
});

describe('upgrading from the release before change detection (records in the state only, no history)', () => {
  const repo = useExampleRepo();
  let release: string | undefined;
  afterAll(() => removeDir(release));

  it('keeps the records; the first applies record a baseline; then an unchanged commit runs no terraform', async () => {
    release = extractPreviousRelease(ROUND_2_RELEASE);
    // That release is a compiled package: build it as `npm pack` would.
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/build-dist.ts'],
      {
        cwd: release,
        stdio: 'ignore',
      },
    );
    installRelease(repo.dir, release);
    const c1 = await git(repo.dir, 'rev-parse', 'HEAD');
    const old = async (args: string[]) => runOutcome(await previousCli(release!, repo, args));
    expect(brief(await old(['run', '--ref', 'refs/heads/main', '--json']))).toMatchObject({ exitCode: 0 });
    await git(repo.dir, 'tag', 'apps-deploy-1');
    expect(brief(await old(['run', '--ref', 'refs/tags/apps-deploy-1', '--json']))).toMatchObject({ exitCode: 0 });
    const before = await previousCli(release, repo, ['status', '--json']);
    expect(before.exitCode).toBe(0);

    installRelease(repo.dir, ROOT);
    const records = await statusRecords(repo.dir);
    expect([records.ops?.commit, records.apps?.commit]).toEqual([c1, c1]);
    // No history yet: everything plans, as before.
    const again = runOutcome(await cli(repo.dir, ['run', '--ref', 'refs/heads/main', '--json']));
    expect(brief(again)).toMatchObject({ exitCode: 0, stages: ['ops: no-changes', 'apps: no-changes'] });

    // The next commit's applies record their fingerprints; the gate reads the history they start.
    const c2 = await repo.commitFile('NOTES.md', 'one\n', 'docs');
    const main2 = runOutcome(await cli(repo.dir, ['run', '--ref', 'refs/heads/main', '--json']));
    expect(brief(main2)).toMatchObject({ exitCode: 0, stages: ['ops: applied', 'apps: no-changes'] });
    await git(repo.dir, 'tag', 'apps-deploy-2');
    const tag2 = runOutcome(await cli(repo.dir, ['run', '--ref', 'refs/tags/apps-deploy-2', '--json']));
    expect(brief(tag2)).toMatchObject({ exitCode: 0, stages: ['apps: applied', 'apps-prod: planned'] });
    expect(tag2.json.gate?.passed).toBe(true);

    await repo.commitFile('NOTES.md', 'two\n', 'more docs');
    const main3 = runOutcome(await cli(repo.dir, ['run', '--ref', 'refs/heads/main', '--json']));
    expect(brief(main3)).toMatchObject({ exitCode: 0, stages: ['ops: unchanged', 'apps: unchanged'] });
    expect(main3.json.stages.map((s) => (s as { unchangedSince?: string }).unchangedSince)).toEqual([c2, c2]);
  });
});
