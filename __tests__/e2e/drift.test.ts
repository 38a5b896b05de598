import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { jsonOutput, type StageJson } from '../helpers/run-json.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { runTerraform } from '../helpers/terraform-project.js';
import { startCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

/** Several real CLI runs and terraform plans: a hang guard, generous for a loaded machine. */
const SLOW_TEST_MS = 300_000;

// End to end: drift checks of a throwaway repo through the real CLI, git worktrees and terraform.

interface DriftEnvJson extends Pick<StageJson, 'environment' | 'changes' | 'resourceChanges'> {
  commit: string | null;
  behindMain: number | null;
  drift: boolean | null;
  reason?: string;
}
interface DriftJson {
  status: string;
  checkedAt: string;
  environments: DriftEnvJson[];
}
interface StatusJson {
  environments: {
    environment: string;
    record: { commit: string } | null;
    lastDriftCheck: { time: string; result: string; commit: string } | null;
  }[];
}

describe('cdktf-gitops drift', () => {
  let repo: ExampleRepo;
  let tmp: string;
  let applied: string;
  const byEnv = (json: DriftJson) => Object.fromEntries(json.environments.map((e) => [e.environment, e]));
  const drift = async (args: string[] = []) => {
    const r = await cli(repo.dir, ['drift', '--json', ...args]);
    const json = jsonOutput<DriftJson>(r, 'drift');
    return { exitCode: r.exitCode, json, env: byEnv(json), stderr: r.stderr };
  };
  const status = async () => JSON.parse((await cli(repo.dir, ['status', '--json'])).stdout) as StatusJson;
  const stackDir = (env: string) => path.join(repo.dir, 'cdktf.out', 'stacks', env);
  const terraform = async (env: string, args: string[]) => {
    const r = await runTerraform(stackDir(env), args);
    if (r.exitCode !== 0) throw new Error(`terraform ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  /** The user's checkout is never touched: same HEAD, clean, and no worktree left behind. */
  const expectCheckoutUntouched = async (head: string) => {
    expect(await git(repo.dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(await git(repo.dir, 'status', '--porcelain')).toBe('');
    expect((await git(repo.dir, 'worktree', 'list')).split('\n')).toHaveLength(1);
  };

  beforeAll(async () => {
    tmp = makeTempDir('cdktf-gitops-drift-test-');
    repo = await exampleRepo();
    writeFileSync(path.join(repo.dir, '.gitignore'), 'cdktf.out/\n.terraform-state/\n');
    applied = await repo.commitFile('.gitignore', 'cdktf.out/\n.terraform-state/\n', 'ignore outputs');
    expect((await cli(repo.dir, ['run', '--ref', 'refs/heads/main'])).exitCode).toBe(0);
    await git(repo.dir, 'tag', 'apps-deploy-1');
    expect((await cli(repo.dir, ['run', '--ref', 'refs/tags/apps-deploy-1'])).exitCode).toBe(0);
  }, SLOW_TEST_MS);
  afterAll(() => {
    repo?.remove();
    removeDir(tmp);
  });

  it(
    'finds no drift on untouched environments and reports one without a record as such',
    async () => {
      const { exitCode, json, env } = await drift();
      expect(exitCode).toBe(0);
      expect(json.status).toBe('no-drift');
      for (const e of ['ops', 'apps']) {
        expect(env[e]).toMatchObject({
          commit: applied,
          behindMain: 0,
          drift: false,
          changes: { add: 0, change: 0, destroy: 0 },
          resourceChanges: [],
        });
      }
      expect(env['apps-prod']).toMatchObject({
        commit: null,
        behindMain: null,
        drift: null,
        reason: 'no deployment record',
      });
      await expectCheckoutUntouched(applied);
      const s = await status();
      expect(s.environments.map((e) => [e.environment, e.lastDriftCheck?.result ?? null])).toEqual([
        ['ops', 'no-drift'],
        ['apps', 'no-drift'],
        ['apps-prod', null],
      ]);
      expect(s.environments[0]!.lastDriftCheck).toMatchObject({ time: json.checkedAt, commit: applied });
    },
    SLOW_TEST_MS,
  );

  it(
    'counts how far each record is behind main, and checks the recorded commit, not main',
    async () => {
      await repo.commitFile('NOTES.md', 'notes\n', 'notes');
      const src = readFileSync(path.join(repo.dir, 'main.ts'), 'utf8').replace('replicas: 2', 'replicas: 5');
      const head = await repo.commitFile('main.ts', src, 'apps: 5 replicas (not applied yet)');
      const { exitCode, env } = await drift();
      expect(exitCode).toBe(0);
      expect(env.ops).toMatchObject({ commit: applied, behindMain: 2, drift: false });
      expect(env.apps).toMatchObject({ commit: applied, behindMain: 2, drift: false });
      await expectCheckoutUntouched(head);
    },
    SLOW_TEST_MS,
  );

  it(
    'finds drift (exit 4) after a resource is removed from the state outside the pipeline',
    async () => {
      await terraform('ops', ['workspace', 'select', 'ops']);
      // -backup: the default backup path ignores the backend's workspace_dir.
      await terraform('ops', ['state', 'rm', `-backup=${path.join(tmp, 'ops.backup')}`, 'terraform_data.web']);
      const summary = path.join(tmp, 'summary.md');
      const { exitCode, json, env, stderr } = await drift(['--summary-file', summary]);
      expect(exitCode).toBe(4);
      expect(json.status).toBe('drift');
      // Progress on stderr, with --json too: each environment with a record (apps-prod has none) named as its
      // check starts, in order, then its result in words. While checks run side by side, lines name their unit.
      const progress = stderr.split('\n').map((l) => l.replace(/^(?:\[[\w-]+\])?\s*/, ''));
      expect(progress.filter((l) => l.startsWith('▶ '))).toEqual([
        '▶ ops: drift check  (init → workspace-select → plan)',
        '▶ apps: drift check  (init → workspace-select → plan)',
      ]);
      const outcomes = progress.filter((l) => l.startsWith('→ '));
      // Each environment's line says how long its check took (terraform never plans in no time).
      expect(outcomes.filter((l) => l.endsWith(' in 0.0s'))).toEqual([]);
      expect(outcomes.map((l) => l.replace(/ in \d+\.\ds$/, '')).sort()).toEqual(['→ apps: no drift', '→ ops: DRIFT']);
      for (const e of ['ops', 'apps']) {
        expect(progress.indexOf(`▶ ${e}: drift check  (init → workspace-select → plan)`)).toBeLessThan(
          progress.findIndex((l) => l.startsWith(`→ ${e}: `)),
        );
      }
      const counts = '1 to add, 0 to change, 0 to destroy';
      expect(progress).toContain(`WARNING: ops: has drifted from ${applied.slice(0, 12)}: ${counts}`);
      expect(env.ops).toMatchObject({
        drift: true,
        changes: { add: 1, change: 0, destroy: 0 },
        resourceChanges: [{ address: 'terraform_data.web', actions: ['create'] }],
      });
      expect(env.apps).toMatchObject({ drift: false });
      const md = readFileSync(summary, 'utf8');
      expect(md).toMatch(/^## cdktf-gitops drift check: ⚠️ DRIFT in 1 environment\(s\)/);
      expect(md).toContain('<details><summary>ops: 1 to add, 0 to change, 0 to destroy</summary>');
      expect((await status()).environments.map((e) => e.lastDriftCheck?.result ?? null)).toEqual([
        'drift',
        'no-drift',
        null,
      ]);
    },
    SLOW_TEST_MS,
  );

  it(
    'finds drift after an out-of-band apply of other inputs; the record itself never reads as drift',
    async () => {
      await terraform('apps', ['workspace', 'select', 'apps']);
      const record = (await terraform('apps', ['output', '-raw', 'cdktf_gitops_deployment'])).trim();
      // By hand, keeping the record (as a careful operator would): main's unreviewed configuration (apps: 5 replicas,
      // synthesized by the last CLI call) plus a hand edit of the hostname.
      const file = path.join(stackDir('apps'), 'cdk.tf.json');
      const config = JSON.parse(readFileSync(file, 'utf8')) as {
        resource: { terraform_data: Record<string, { input: Record<string, unknown> }> };
      };
      config.resource.terraform_data.dns!.input.hostname = 'changed-by-hand.example.com';
      writeFileSync(file, JSON.stringify(config));
      await terraform('apps', ['apply', '-auto-approve', '-input=false', '-var', `cdktf_gitops_deployment=${record}`]);
      const { exitCode, env } = await drift();
      expect(exitCode).toBe(4);
      expect(env.apps).toMatchObject({ commit: applied, drift: true, changes: { add: 0, change: 2, destroy: 0 } });
      expect([...env.apps!.resourceChanges].sort((a, b) => a.address.localeCompare(b.address))).toEqual([
        { address: 'terraform_data.dns', actions: ['update'] },
        { address: 'terraform_data.web', actions: ['update'] },
      ]);
      expect(env.ops).toMatchObject({ drift: true });
      const s = await status();
      expect(s.environments[1]).toMatchObject({ record: { commit: applied }, lastDriftCheck: { result: 'drift' } });
    },
    SLOW_TEST_MS,
  );

  it(
    'an interrupted check removes its worktree and leaves the checkout untouched',
    async () => {
      const head = await git(repo.dir, 'rev-parse', 'HEAD');
      // terraform as usual, except that plan hangs (until interrupted): the check is caught mid-plan.
      const wrapper = path.join(tmp, 'terraform');
      writeFileSync(
        wrapper,
        '#!/bin/sh\nif [ "$1" = plan ]; then touch "$PLAN_STARTED"; exec sleep 120; fi\nexec terraform "$@"\n',
      );
      chmodSync(wrapper, 0o755);
      const started = path.join(tmp, 'plan-started');
      const p = startCli(repo.dir, ['drift', '--json'], { TERRAFORM_BINARY: wrapper, PLAN_STARTED: started });
      await waitFor(() => readdirSync(tmp).includes('plan-started'), 'the drift plan to start');
      const worktrees = (await git(repo.dir, 'worktree', 'list', '--porcelain'))
        .split('\n')
        .filter((l) => l.startsWith('worktree '));
      expect(worktrees).toHaveLength(2);
      const temporary = worktrees[1]!.slice('worktree '.length);
      p.kill('SIGINT');
      const r = await p;
      expect(r.exitCode).toBe(130);
      await expectCheckoutUntouched(head);
      // The worktree and the temporary directory holding it are gone.
      expect(existsSync(path.dirname(temporary))).toBe(false);
    },
    SLOW_TEST_MS,
  );
});
