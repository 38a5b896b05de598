import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { jsonOutput } from '../helpers/run-json.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { runTerraform } from '../helpers/terraform-project.js';

/** Several real CLI runs and terraform plans of nine stacks: a hang guard, generous for a loaded machine. */
const SLOW_TEST_MS = 300_000;

// End to end: drift checks of environments made of three stacks (a → b, and c), through the real CLI,
// git worktrees and terraform with the local backend.

/** A provider-free project: per environment a chain a → b (b's input is a's output) and an independent c. */
function mainTs(opts: { failB?: boolean } = {}): string {
  // A resource of b whose create fails: a main run then applies a and c but not b (a partial apply).
  const broken = opts.failB
    ? `new DataResource(b, 'broken', {
        input: env,
        provisioners: [{ type: 'local-exec', command: 'echo failing on purpose >&2; exit 1' }],
      });`
    : '';
  return `import { DataResource } from 'cdktf';
import { defineProject, EnvironmentStack, isEntrypoint } from 'cdktf-gitops';

const environments = ['ops', 'apps', 'apps-prod'];

export const project = defineProject({
  environments,
  stacks: (app) => {
    for (const env of environments) {
      const a = new EnvironmentStack(app, env, { stack: 'a' });
      const network = new DataResource(a, 'network', { input: { env, value: 'v1' } });
      const b = new EnvironmentStack(app, env, { stack: 'b' });
      new DataResource(b, 'service', { input: { network: network.output } });
      ${broken}
      const c = new EnvironmentStack(app, env, { stack: 'c' });
      new DataResource(c, 'independent', { input: { env, value: 'v1' } });
    }
  },
});

if (isEntrypoint(import.meta.url)) project.createApp().synth();
`;
}

interface Counts {
  add: number;
  change: number;
  destroy: number;
}
interface StackDriftJson {
  stack: string;
  drift: boolean | null;
  changes: Counts;
  resourceChanges: { address: string; actions: string[] }[];
  error?: { message: string };
}
interface DriftEnvJson {
  environment: string;
  commit: string | null;
  drift: boolean | null;
  changes: Counts;
  resourceChanges: { address: string; actions: string[] }[];
  reason?: string;
  error?: { message: string };
  stacks?: StackDriftJson[];
}
interface DriftJson {
  status: string;
  environments: DriftEnvJson[];
}
interface StatusJson {
  environments: {
    environment: string;
    lastDriftCheck: { result: string; commit: string; stacks?: { stack: string; result: string }[] } | null;
  }[];
}

describe('cdktf-gitops drift over environments made of stacks', () => {
  let repo: ExampleRepo;
  let tmp: string;
  let applied: string;
  const drift = async (args: string[] = []) => {
    const r = await cli(repo.dir, ['drift', '--json', ...args]);
    const json = jsonOutput<DriftJson>(r, 'drift');
    return { exitCode: r.exitCode, json, env: Object.fromEntries(json.environments.map((e) => [e.environment, e])) };
  };
  const stackResults = (e: DriftEnvJson | undefined) => e?.stacks?.map((k) => [k.stack, k.drift]);
  /** terraform in a stack's directory (synthesized by the last CLI call). */
  const terraform = async (stack: string, args: string[]) => {
    const r = await runTerraform(path.join(repo.dir, 'cdktf.out', 'stacks', stack), args);
    if (r.exitCode !== 0) throw new Error(`terraform ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };

  beforeAll(async () => {
    tmp = makeTempDir('cdktf-gitops-drift-stacks-test-');
    repo = await exampleRepo({ mainTs: mainTs() });
    applied = await repo.commitFile('.gitignore', 'cdktf.out/\n.terraform-state/\n', 'ignore outputs');
    const main = await cli(repo.dir, ['run', '--ref', 'refs/heads/main', '--summary-file', path.join(tmp, 'run.md')]);
    expect(main.exitCode).toBe(0);
  }, SLOW_TEST_MS);
  afterAll(() => {
    repo?.remove();
    removeDir(tmp);
  });

  it('the main run that applied them summarizes each stack (b of apps blocked until a is applied)', () => {
    const rows = readFileSync(path.join(tmp, 'run.md'), 'utf8')
      .split('\n')
      .filter((l) => /^\| (ops|apps)[/ ]/.test(l))
      .map((l) => l.replace(/ \d+\.\ds \|$/, ' |'));
    expect(rows).toEqual([
      '| ops | plan + apply | ✅ applied | 3 | 0 | 0 | |',
      '| ops/a |  | ✅ applied | 1 | 0 | 0 | |',
      '| ops/b |  | ✅ applied | 1 | 0 | 0 | |',
      '| ops/c |  | ✅ applied | 1 | 0 | 0 | |',
      '| apps | plan | 📝 planned | 2 | 0 | 0 | |',
      '| apps/a |  | 📝 planned | 1 | 0 | 0 | |',
      '| apps/b |  | ⏸️ blocked (a not applied yet) | 0 | 0 | 0 | |',
      '| apps/c |  | 📝 planned | 1 | 0 | 0 | |',
    ]);
  });

  it(
    "plans every stack of an applied environment with its own record: untouched stacks do not drift (b reads a's state)",
    async () => {
      const { exitCode, json, env } = await drift();
      expect(exitCode).toBe(0);
      expect(json.status).toBe('no-drift');
      expect(env.ops).toMatchObject({ commit: applied, drift: false, changes: { add: 0, change: 0, destroy: 0 } });
      expect(stackResults(env.ops)).toEqual([
        ['a', false],
        ['b', false],
        ['c', false],
      ]);
      // apps is only planned on main: no record, no stacks checked.
      expect(env.apps).toMatchObject({ drift: null, reason: 'no deployment record' });
      expect(env.apps!.stacks).toBeUndefined();
    },
    SLOW_TEST_MS,
  );

  it(
    'reports drift (exit 4) in the one stack whose state changed outside the pipeline',
    async () => {
      // Out of band: b's resource leaves b's state (a and c untouched).
      await terraform('ops-b', ['workspace', 'select', 'ops']);
      await terraform('ops-b', ['state', 'rm', `-backup=${path.join(tmp, 'b.backup')}`, 'terraform_data.service']);
      const summary = path.join(tmp, 'summary.md');
      const { exitCode, json, env } = await drift(['--summary-file', summary]);
      expect(exitCode).toBe(4);
      expect(json.status).toBe('drift');
      expect(env.ops).toMatchObject({
        drift: true,
        changes: { add: 1, change: 0, destroy: 0 },
        resourceChanges: [{ address: 'b:terraform_data.service', actions: ['create'] }],
      });
      expect(env.ops!.stacks).toEqual([
        { stack: 'a', drift: false, changes: { add: 0, change: 0, destroy: 0 }, resourceChanges: [] },
        {
          stack: 'b',
          drift: true,
          changes: { add: 1, change: 0, destroy: 0 },
          resourceChanges: [{ address: 'terraform_data.service', actions: ['create'] }],
        },
        { stack: 'c', drift: false, changes: { add: 0, change: 0, destroy: 0 }, resourceChanges: [] },
      ]);
      const md = readFileSync(summary, 'utf8');
      expect(md).toMatch(/^## cdktf-gitops drift check: ⚠️ DRIFT in 1 environment\(s\)/);
      expect(md).toContain('| ops/b |  |  | ⚠️ DRIFT | 1 | 0 | 0 |');
      expect(md).toContain('| ops/a |  |  | ✅ no drift | 0 | 0 | 0 |');
      const status = JSON.parse((await cli(repo.dir, ['status', '--json'])).stdout) as StatusJson;
      expect(status.environments[0]!.lastDriftCheck).toMatchObject({
        result: 'drift',
        commit: applied,
        stacks: [
          { stack: 'a', result: 'no-drift' },
          { stack: 'b', result: 'drift' },
          { stack: 'c', result: 'no-drift' },
        ],
      });
    },
    SLOW_TEST_MS,
  );

  it(
    'reports an environment whose stacks record different applies (a partial apply) as unchecked',
    async () => {
      // A main run whose b fails: a and c record the new commit, b keeps the old one (planned in full:
      // change detection would leave the unchanged a and c as they are, records and all).
      const broken = await repo.commitFile('main.ts', mainTs({ failB: true }), 'b: a failing resource');
      const run = await cli(repo.dir, ['run', '--ref', 'refs/heads/main', '--full']);
      expect(run.exitCode).not.toBe(0);
      const { exitCode, json, env } = await drift();
      expect(exitCode).toBe(0);
      expect(json.status).toBe('no-drift');
      expect(env.ops).toMatchObject({ commit: null, drift: null });
      expect(env.ops!.reason).toMatch(/^partial apply: /);
      expect(env.ops!.reason).toContain(`a ${broken.slice(0, 12)}`);
      expect(env.ops!.reason).toContain(`b ${applied.slice(0, 12)}`);
      expect(env.ops!.stacks).toBeUndefined();
      // Nothing was left behind by the checks.
      expect((await git(repo.dir, 'worktree', 'list')).split('\n')).toHaveLength(1);
    },
    SLOW_TEST_MS,
  );
});
