import { actionsOf, planRun, previousEnvironment, stageActions } from '../../pipeline/decide/run-plan.js';
import { classifyRef, RefError, type RefContext, type Trigger } from '../../pipeline/refs/index.js';

/** The stages a trigger runs, as results show them (environment, workspace, steps). */
const planStages = (trigger: Trigger, ctx: RefContext) => planRun(trigger, ctx).stages.map(stageActions);

const PLAN = ['init', 'workspace-select', 'plan'];
const APPLY = ['init', 'workspace-select', 'plan', 'apply'];

const layouts: Record<number, RefContext> = {
  2: { environments: ['ops', 'apps'], mainBranch: 'main' },
  3: { environments: ['ops', 'apps', 'apps-prod'], mainBranch: 'main' },
  4: { environments: ['build', 'edge', 'edge-eu', 'core'], mainBranch: 'main' },
};

/** The stages of `ref` under the N-environment layout, as `env:actions` strings. */
function stagesOf(ref: string, n: number): Array<[string, string[]]> {
  const ctx = layouts[n]!;
  return planStages(classifyRef(ref, ctx), ctx).map((s) => {
    expect(s.workspace).toBe(s.environment);
    return [s.environment, [...s.actions]];
  });
}

describe('planStages', () => {
  it.each<[number, string, Array<[string, string[]]>]>([
    [2, 'refs/heads/feature', [['ops', PLAN]]],
    [
      2,
      'refs/heads/main',
      [
        ['ops', APPLY],
        ['apps', PLAN],
      ],
    ],
    [2, 'refs/tags/apps-deploy-1', [['apps', APPLY]]],
    [2, 'refs/tags/ops-deploy-1', []],
    [2, 'refs/pull/1/merge', []],
    [3, 'refs/heads/feature', [['ops', PLAN]]],
    [
      3,
      'refs/heads/main',
      [
        ['ops', APPLY],
        ['apps', PLAN],
      ],
    ],
    [
      3,
      'refs/tags/apps-deploy-1',
      [
        ['apps', APPLY],
        ['apps-prod', PLAN],
      ],
    ],
    [3, 'refs/tags/apps-prod-deploy-1', [['apps-prod', APPLY]]],
    [3, 'refs/tags/v1', []],
    [4, 'refs/heads/feature', [['build', PLAN]]],
    [
      4,
      'refs/heads/main',
      [
        ['build', APPLY],
        ['edge', PLAN],
      ],
    ],
    [
      4,
      'refs/tags/edge-deploy-1',
      [
        ['edge', APPLY],
        ['edge-eu', PLAN],
      ],
    ],
    [
      4,
      'refs/tags/edge-eu-deploy-1',
      [
        ['edge-eu', APPLY],
        ['core', PLAN],
      ],
    ],
    [4, 'refs/tags/core-deploy-1', [['core', APPLY]]],
    [4, 'refs/tags/build-deploy-1', []],
  ])('N=%i %s', (n, ref, expected) => {
    expect(stagesOf(ref, n)).toEqual(expected);
  });

  it('returns fresh arrays each call (callers may mutate them)', () => {
    const ctx = layouts[3]!;
    const first = actionsOf(planRun(classifyRef('refs/heads/main', ctx), ctx).stages[0]!);
    first.pop();
    expect(planStages(classifyRef('refs/heads/main', ctx), ctx)[0]!.actions).toEqual(APPLY);
  });

  it('a feature branch previews every environment with the flag, else as the project says', () => {
    const ctx = layouts[3]!;
    const feature = classifyRef('refs/heads/feature', ctx);
    expect(planRun(feature, ctx, true)).toMatchObject({
      preview: true,
      stages: ctx.environments.map((e) => ({ environment: e, apply: false })),
    });
    expect(planRun(feature, { ...ctx, previewAllEnvironments: true }).preview).toBe(true);
    expect(planRun(feature, { ...ctx, previewAllEnvironments: true }, false).preview).toBe(false);
    expect(planRun(classifyRef('refs/heads/main', ctx), ctx, true).preview).toBe(false);
  });

  it.each<[string, Trigger]>([
    [
      'unknown environment',
      { kind: 'deploy-tag', ref: 'refs/tags/x-deploy-1', tag: 'x-deploy-1', environment: 'x', suffix: '1' },
    ],
    [
      'internal environment',
      { kind: 'deploy-tag', ref: 'refs/tags/ops-deploy-1', tag: 'ops-deploy-1', environment: 'ops', suffix: '1' },
    ],
  ])('refuses a deploy-tag trigger for an %s', (_name, trigger) => {
    expect(() => planStages(trigger, layouts[3]!)).toThrow(RefError);
  });
});

describe('previousEnvironment', () => {
  it.each<[number, string, string | undefined]>([
    [2, 'ops', undefined],
    [2, 'apps', 'ops'],
    [3, 'apps', 'ops'],
    [3, 'apps-prod', 'apps'],
    [3, 'nope', undefined],
    [4, 'edge', 'build'],
    [4, 'edge-eu', 'edge'],
    [4, 'core', 'edge-eu'],
    [4, 'build', undefined],
  ])('N=%i %s -> %s', (n, env, expected) => {
    expect(previousEnvironment(env, layouts[n]!)).toBe(expected);
  });
});
