import { actionsOf, stageActions, type StagePlan } from '../../pipeline/decide/run-plan.js';
import { environmentResult, runEnvironment } from '../../pipeline/execute/environment.js';
import type { StackIo, StackOutcome } from '../../pipeline/execute/run-stack.js';
import type { StackRun } from '../../pipeline/execute/stack-run.js';
import type { PipelineEvent, StackResult, StageResult, StageStatus } from '../../pipeline/model.js';

// The scheduler of an environment's stacks, with a scripted runner in place of runStack: which stack
// starts when, what a failure skips, and how the environment's result sums its stacks' up. The real
// terraform runs of the same rules are in __tests__/e2e/stacks.test.ts.

const APPLY: StagePlan = { environment: 'ops', apply: true };
const PLAN: StagePlan = { environment: 'ops', apply: false };

/** A stack's run as the scheduler sees it: only its stack's name, dependencies and whether it is named. */
function stack(name: string, dependsOn: string[] = [], named = true): StackRun {
  return { environment: 'ops', stack: { name, named, dir: `/x/ops-${name}`, dependsOn } } as unknown as StackRun;
}

const CHAIN = [stack('a'), stack('b', ['a']), stack('c')];

interface Script {
  readonly status?: StageStatus;
  readonly fail?: boolean;
  /** Resolves when the test lets the stack finish; default at once. */
  readonly gate?: Promise<void>;
}

function stageResult(plan: StagePlan, status: StageStatus): StageResult {
  const record =
    status === 'applied'
      ? { version: 1 as const, commit: 'c0ffee', ref: 'refs/heads/main', trigger: 'main', time: 't' }
      : undefined;
  return {
    environment: plan.environment,
    workspace: plan.environment,
    actions: actionsOf(plan),
    status,
    changes: { add: status === 'no-changes' ? 0 : 1, change: 0, destroy: 0 },
    resourceChanges: status === 'no-changes' ? [] : [{ address: 'terraform_data.x', actions: ['create'] }],
    durationMs: 1,
    ...(record ? { record } : {}),
  };
}

/** Runs the stage with a scripted runner; returns the result and the log of starts and ends. */
async function run(plan: StagePlan, stacks: StackRun[], scripts: Record<string, Script>, concurrency = 4) {
  const log: string[] = [];
  const events: PipelineEvent[] = [];
  const runner = async (r: StackRun, io: StackIo): Promise<StackOutcome> => {
    const script = scripts[r.stack.name] ?? {};
    const unit = { environment: plan.environment, ...(r.stack.named ? { stack: r.stack.name } : {}) };
    io.emit({ type: 'step-start', ...unit, action: 'plan' });
    log.push(`start ${r.stack.name}`);
    await script.gate;
    log.push(`end ${r.stack.name}`);
    const {
      environment: _e,
      workspace: _w,
      actions: _a,
      ...result
    } = stageResult(plan, script.fail ? 'failed' : (script.status ?? (plan.apply ? 'applied' : 'planned')));
    return script.fail ? { ...result, error: { message: 'boom', diagnostics: [] } } : result;
  };
  const stage = await runEnvironment(plan, stacks, { emit: (e) => events.push(e), concurrency, runStack: runner });
  return { stage, log, events };
}

function statuses(stage: StageResult): Record<string, string> {
  return Object.fromEntries((stage.stacks ?? []).map((s) => [s.stack, s.status]));
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('runEnvironment', () => {
  it('starts independent stacks together and a dependant only after its dependency ended', async () => {
    const a = deferred();
    const c = deferred();
    const running = run(APPLY, CHAIN, { a: { gate: a.promise }, c: { gate: c.promise } });
    await new Promise((r) => setImmediate(r));
    a.resolve();
    await new Promise((r) => setImmediate(r));
    c.resolve();
    const { stage, log } = await running;
    expect(log).toEqual(['start a', 'start c', 'end a', 'start b', 'end b', 'end c']);
    expect(statuses(stage)).toEqual({ a: 'applied', b: 'applied', c: 'applied' });
    expect(stage.status).toBe('applied');
    expect(stage.record?.commit).toBe('c0ffee');
  });

  it('never runs more stacks at once than its concurrency', async () => {
    const { log } = await run(APPLY, [stack('a'), stack('b'), stack('c')], {}, 1);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('skips the dependants of a failed stack, lets independent ones finish, and fails the environment', async () => {
    const chain = [stack('a'), stack('b', ['a']), stack('d', ['b']), stack('c')];
    const { stage, log } = await run(APPLY, chain, { a: { fail: true } });
    expect(statuses(stage)).toEqual({ a: 'failed', b: 'skipped', d: 'skipped', c: 'applied' });
    expect(log).not.toContain('start b');
    expect(stage.status).toBe('failed');
    expect(stage.error?.message).toBe('a: boom');
    expect(stage.record).toBeUndefined();
  });

  it('skips the dependants of a refused stack and reports the refusal under its name', async () => {
    const { stage } = await run(APPLY, CHAIN, { a: { status: 'refused' } });
    expect(statuses(stage)).toEqual({ a: 'refused', b: 'skipped', c: 'applied' });
    expect(stage.status).toBe('refused');
    expect(stage.refusal).toBe('a: refused before apply');
  });

  it('plan-only: marks the dependants of a stack with changes as not final, and blocked when their plan fails', async () => {
    const planned = await run(PLAN, CHAIN, {});
    expect(statuses(planned.stage)).toEqual({ a: 'planned', b: 'planned-with-unapplied-dependencies', c: 'planned' });
    expect(planned.stage.stacks?.find((s) => s.stack === 'b')?.unappliedDependencies).toEqual(['a']);
    expect(planned.stage.status).toBe('planned');

    const blocked = await run(PLAN, CHAIN, { b: { fail: true } });
    expect(statuses(blocked.stage)).toEqual({ a: 'planned', b: 'blocked-by-dependencies', c: 'planned' });
    expect(blocked.stage.status).toBe('planned');
  });

  it('plan-only: a dependant of a stack without changes gets a final plan, and a failure then is a failure', async () => {
    const ok = await run(PLAN, CHAIN, { a: { status: 'no-changes' } });
    expect(statuses(ok.stage)).toEqual({ a: 'no-changes', b: 'planned', c: 'planned' });
    const failed = await run(PLAN, CHAIN, { a: { status: 'no-changes' }, b: { fail: true } });
    expect(failed.stage.status).toBe('failed');
  });

  it('reports stack events named after the stack, and the environment once', async () => {
    const { events } = await run(APPLY, CHAIN, {});
    const types = events.map((e) => `${e.type}${'stack' in e && typeof e.stack === 'string' ? ` ${e.stack}` : ''}`);
    expect(types.filter((t) => t === 'stage-start')).toHaveLength(1);
    expect(types.filter((t) => t === 'stage-end')).toHaveLength(1);
    expect(types).toEqual(expect.arrayContaining(['stack-start a', 'step-start a', 'stack-end']));
    expect(events.at(-1)).toMatchObject({ type: 'stage-end', stage: { environment: 'ops', status: 'applied' } });
  });

  it('runs an environment of one unnamed stack as a plain stage: no stack events, no stacks field', async () => {
    const { stage, events } = await run(APPLY, [stack('ops', [], false)], {});
    expect(stage.stacks).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['stage-start', 'step-start', 'stage-end']);
  });
});

describe('environmentResult', () => {
  const result = (name: string, status: StackResult['status'], commit?: string): StackResult => ({
    ...stageResult(APPLY, status === 'applied' ? 'applied' : 'no-changes'),
    ...(commit ? { record: { version: 1, commit, ref: 'r', trigger: 'main', time: 't' } } : {}),
    stack: name,
    dependsOn: [],
    status,
  });

  it('sums the changes and prefixes each resource address with its stack', () => {
    const stage = environmentResult(stageActions(APPLY), [result('a', 'applied', 'x'), result('b', 'applied', 'x')], 5);
    expect(stage.changes).toEqual({ add: 2, change: 0, destroy: 0 });
    expect(stage.resourceChanges.map((c) => c.address)).toEqual(['a:terraform_data.x', 'b:terraform_data.x']);
  });

  it('has a record only when every stack applied one', () => {
    expect(
      environmentResult(stageActions(APPLY), [result('a', 'applied', 'x'), result('b', 'no-changes')], 1).record,
    ).toBeUndefined();
    expect(
      environmentResult(stageActions(APPLY), [result('a', 'applied', 'x'), result('b', 'applied', 'x')], 1).record
        ?.commit,
    ).toBe('x');
  });

  it('is skipped only when every stack was skipped', () => {
    expect(environmentResult(stageActions(APPLY), [result('a', 'skipped'), result('b', 'skipped')], 0).status).toBe(
      'skipped',
    );
    expect(environmentResult(stageActions(APPLY), [result('a', 'no-changes'), result('b', 'skipped')], 0).status).toBe(
      'no-changes',
    );
  });
});
