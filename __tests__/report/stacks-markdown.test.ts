import { progressRenderer } from '../../pipeline/cli/render.js';
import { runToMarkdown } from '../../pipeline/report/markdown.js';
import { previewToMarkdown } from '../../pipeline/report/preview-markdown.js';
import { blockedNotes, stackLabel } from '../../pipeline/report/stack-rows.js';
import type { StackResult, StageResult } from '../../pipeline/model.js';
import { changes, planStage, run, stage } from './fixtures.js';

// Summaries of environments made of stacks: a row per stack, and the checks that ran per stack.

const APPLY = ['init', 'workspace-select', 'plan', 'apply'] as const;
const PLAN = ['init', 'workspace-select', 'plan'] as const;

/** A stack's result, overridable (an applied ops stack by default). */
const stack = (name: string, over: Partial<StackResult> = {}): StackResult => ({
  environment: 'ops',
  workspace: 'ops',
  actions: APPLY,
  stack: name,
  dependsOn: [],
  status: 'applied',
  changes: { add: 0, change: 0, destroy: 0 },
  resourceChanges: [],
  durationMs: 1200,
  ...over,
});

const guardLine =
  "destroy guard: the plan for protected environment ops deletes terraform_data.old; approve it with --allow-destroy or a trailer 'Allow-Destroy: ops' in the commit message";

/** ops (applying): a applied, b refused by the destroy guard, c applied after its policy and review passed. */
const opsStacks: StackResult[] = [
  stack('a', {
    changes: { add: 1, change: 0, destroy: 0 },
    resourceChanges: changes(['terraform_data.net', 'create']),
  }),
  stack('b', {
    dependsOn: ['a'],
    status: 'refused',
    refusal: guardLine,
    guard: { destroys: ['terraform_data.old'], replaces: [], refused: true },
    changes: { add: 0, change: 0, destroy: 1 },
    resourceChanges: changes(['terraform_data.old', 'delete']),
  }),
  stack('c', {
    policies: [{ name: 'cost', passed: true, exitCode: 0, timedOut: false, output: '', durationMs: 3 }],
    review: { matches: true, recordedAt: '2026-12-01T10:00:00.000Z', reviewedRef: 'refs/heads/main', differences: [] },
  }),
];
const ops: StageResult = stage({
  status: 'refused',
  refusal: `b: ${guardLine}`,
  changes: { add: 1, change: 0, destroy: 1 },
  resourceChanges: changes(['a:terraform_data.net', 'create'], ['b:terraform_data.old', 'delete']),
  stacks: opsStacks,
});

/** apps (plan only): a has changes, so b's plan is not final (blocked: a's output does not exist yet); c unchanged. */
const appsStacks: StackResult[] = [
  stack('a', {
    environment: 'apps',
    workspace: 'apps',
    actions: PLAN,
    status: 'planned',
    changes: { add: 1, change: 0, destroy: 0 },
    resourceChanges: changes(['terraform_data.net', 'create']),
  }),
  stack('b', {
    environment: 'apps',
    workspace: 'apps',
    actions: PLAN,
    dependsOn: ['a'],
    status: 'blocked-by-dependencies',
    unappliedDependencies: ['a'],
    error: {
      message: 'Unsupported attribute: This object does not have an attribute named "output".',
      diagnostics: [],
    },
  }),
  stack('c', { environment: 'apps', workspace: 'apps', actions: PLAN, status: 'no-changes' }),
];
const apps: StageResult = planStage({
  changes: { add: 1, change: 0, destroy: 0 },
  resourceChanges: changes(['a:terraform_data.net', 'create']),
  stacks: appsStacks,
});

describe('run summary of environments made of stacks', () => {
  const md = runToMarkdown(run({ status: 'refused', message: `ops: b: ${guardLine}`, stages: [ops, apps] }));
  const rows = md.split('\n').filter((l) => /^\| (ops|apps)/.test(l));

  it("has a row per stack under its environment's, with its status and unapplied dependencies", () => {
    expect(md.split('\n')[0]).toBe('## cdktf-gitops: ⛔ refused before apply');
    expect(rows).toEqual([
      '| ops | plan + apply | ⛔ refused | 1 | 0 | **1** ⚠️ | 1.2s |',
      '| ops/a |  | ✅ applied | 1 | 0 | 0 | 1.2s |',
      '| ops/b |  | ⛔ refused | 0 | 0 | **1** ⚠️ | 1.2s |',
      '| ops/c |  | ✅ applied | 0 | 0 | 0 | 1.2s |',
      '| apps | plan | 📝 planned | 1 | 0 | 0 | 1.2s |',
      '| apps/a |  | 📝 planned | 1 | 0 | 0 | 1.2s |',
      '| apps/b |  | ⏸️ blocked (a not applied yet) | 0 | 0 | 0 | 1.2s |',
      '| apps/c |  | no changes | 0 | 0 | 0 | 1.2s |',
    ]);
  });

  it("reports each stack's checks under its own name; the trailer still names the environment", () => {
    expect(md).toContain(
      '**⛔ Destroy guard refused ops/b:** approve with `--allow-destroy` or a commit trailer `Allow-Destroy: ops`',
    );
    expect(md).toContain('- `terraform_data.old` (delete)');
    expect(md).toContain('✅ Policy `cost` passed (ops/c)');
    expect(md).toContain('✅ **Reviewed plan:** ops/c applies exactly the plan reviewed at `refs/heads/main`');
    // Nothing is reported at environment level, where these stages carry no checks.
    expect(md).not.toMatch(/Destroy guard refused ops:/);
  });

  it('says in the environment section why a blocked stack has no plan', () => {
    const section = md.slice(md.indexOf('<details><summary>apps:'));
    expect(section).toContain(
      '**b** cannot plan until a is applied: Unsupported attribute: This object does not have an attribute named "output".',
    );
    expect(section).toContain('- `a:terraform_data.net`');
  });

  it('a one-stack environment has no stack rows', () => {
    const plain = runToMarkdown(run());
    expect(plain.split('\n').filter((l) => l.startsWith('| ops') || l.startsWith('| apps'))).toHaveLength(2);
  });
});

describe('preview summary of environments made of stacks', () => {
  it('lists the stacks of a changed environment, a plan that is not final marked as such', () => {
    const b = stack('b', {
      environment: 'apps',
      workspace: 'apps',
      actions: PLAN,
      dependsOn: ['a'],
      status: 'planned-with-unapplied-dependencies',
      unappliedDependencies: ['a'],
      changes: { add: 1, change: 0, destroy: 1 },
      resourceChanges: changes(['terraform_data.service', 'delete', 'create']),
    });
    const preview = planStage({
      changes: { add: 2, change: 0, destroy: 1 },
      stacks: [appsStacks[0]!, b, appsStacks[2]!],
    });
    const unchanged = planStage({ environment: 'ops', workspace: 'ops', status: 'no-changes' });
    const md = previewToMarkdown(
      run({ ref: 'refs/heads/feature/x', trigger: 'feature-branch', preview: true, stages: [unchanged, preview] }),
    );
    expect(md.split('\n').filter((l) => l.startsWith('| apps'))).toEqual([
      '| apps | 📝 planned | 2 | 0 | **1** ⚠️ |',
      '| apps/a | 📝 planned | 1 | 0 | 0 |',
      '| apps/b | 📝 planned, not final (a not applied yet) ⚠️ replaces | 1 | 0 | **1** ⚠️ |',
      '| apps/c | no changes | 0 | 0 | 0 |',
    ]);
    expect(md).toContain('No changes: ops.');
  });
});

describe('stack labels', () => {
  it('names every unapplied dependency, escaped; blocked notes say "are" for several', () => {
    const b = stack('b', {
      status: 'blocked-by-dependencies',
      unappliedDependencies: ['a', 'x<y'],
      error: { message: 'no <output>', diagnostics: [] },
    });
    expect(stackLabel(b)).toBe('⏸️ blocked (a, x&lt;y not applied yet)');
    expect(blockedNotes(stage({ stacks: [b] }))).toEqual([
      '**b** cannot plan until a, x&lt;y are applied: no &lt;output&gt;',
      '',
    ]);
    expect(blockedNotes(stage())).toEqual([]);
  });
});

describe('terminal: a refused environment made of stacks', () => {
  it("lists every refused stack's reasons, not only the first", () => {
    const c = stack('c', { status: 'refused', refusal: "policy 'cost' denied the plan (exit 1):\ntoo expensive" });
    const stageEnd = progressRenderer()({
      type: 'stage-end',
      stage: { ...ops, stacks: [opsStacks[0]!, opsStacks[1]!, c] },
    });
    expect(stageEnd).toEqual([
      '  ⛔ ops REFUSED before apply (nothing applied):',
      `    b: ${guardLine}`,
      "    c: policy 'cost' denied the plan (exit 1):",
      '    too expensive',
      '',
    ]);
    // One refused stack: the stage's own refusal, which names it.
    expect(progressRenderer()({ type: 'stage-end', stage: ops })).toEqual([
      '  ⛔ ops REFUSED before apply (nothing applied):',
      `    b: ${guardLine}`,
      '',
    ]);
  });
});
