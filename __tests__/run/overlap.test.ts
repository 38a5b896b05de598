import { actionsOf, type StagePlan } from '../../pipeline/decide/run-plan.js';
import { canOverlap, runSequence, type StageIo, type StageRuns } from '../../pipeline/execute/sequence.js';
import type { PipelineEvent, StageResult } from '../../pipeline/model.js';
import { resolveOptions } from '../../pipeline/options.js';

// The scheduling of stages, with stage runners that only report events (terraform's part is in
// __tests__/reliability/overlap.test.ts): order, failure and interruption semantics.

const ops: StagePlan = { environment: 'ops', apply: true };
const apps: StagePlan = { environment: 'apps', apply: false };

const result = (plan: StagePlan, status: StageResult['status']): StageResult => ({
  environment: plan.environment,
  workspace: plan.environment,
  actions: actionsOf(plan),
  status,
  changes: { add: 0, change: 0, destroy: 0 },
  resourceChanges: [],
  durationMs: 1,
});

/** A controllable stage: emits its start and plan step, then waits for `finish`/`fail` (or an abort). */
class FakeStage {
  started = false;
  aborted = false;
  private settle!: (outcome: 'ok' | 'fail') => void;
  private readonly done = new Promise<'ok' | 'fail'>((resolve) => (this.settle = resolve));

  constructor(readonly plan: StagePlan) {}

  readonly run = async (io: StageIo): Promise<StageResult> => {
    this.started = true;
    io.emit({ type: 'stage-start', environment: this.plan.environment, actions: actionsOf(this.plan) });
    io.emit({ type: 'step-start', environment: this.plan.environment, action: 'plan' });
    const aborted = new Promise<'aborted'>((resolve) =>
      io.signal?.addEventListener('abort', () => resolve('aborted'), { once: true }),
    );
    const outcome = await Promise.race([this.done, aborted]);
    if (outcome === 'aborted') this.aborted = true;
    if (outcome === 'ok') {
      const stage = result(this.plan, this.plan.apply ? 'applied' : 'planned');
      io.emit({ type: 'stage-end', stage });
      return stage;
    }
    const stage = {
      ...result(this.plan, 'failed'),
      error: { message: `${this.plan.environment} broke`, diagnostics: [] },
    };
    io.emit({ type: 'stage-end', stage });
    return stage;
  };

  finish(): void {
    this.settle('ok');
  }

  fail(): void {
    this.settle('fail');
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const describeEvent = (e: PipelineEvent) =>
  e.type === 'stage-end'
    ? `end ${e.stage.environment} ${e.stage.status}`
    : `${e.type} ${'environment' in e ? e.environment : ''}`;

const sequence = (plans: StagePlan[]): StageRuns[] => plans.map((plan) => ({ plan, runs: [] }));

describe('runSequence', () => {
  let events: PipelineEvent[];
  let stages: Map<string, FakeStage>;
  const start = (overlap: boolean, signal?: AbortSignal) =>
    runSequence(sequence([ops, apps]), {
      overlap,
      concurrency: 1,
      emit: (e) => events.push(e),
      signal,
      runStage: (stage, io) => stages.get(stage.plan.environment)!.run(io),
    });

  beforeEach(() => {
    events = [];
    stages = new Map([
      ['ops', new FakeStage(ops)],
      ['apps', new FakeStage(apps)],
    ]);
  });

  it('runs the plan-only stage alongside the applying one, reporting its events after the first stage ended', async () => {
    const running = start(true);
    await tick();
    expect(stages.get('apps')!.started).toBe(true);
    stages.get('apps')!.finish();
    await tick();
    // apps is done, ops still applying: nothing of apps is reported yet.
    expect(events.map(describeEvent)).toEqual(['stage-start ops', 'step-start ops']);
    stages.get('ops')!.finish();
    const outcome = await running;
    expect(outcome).toEqual({ results: [result(ops, 'applied'), result(apps, 'planned')] });
    expect(events.map(describeEvent)).toEqual([
      'stage-start ops',
      'step-start ops',
      'end ops applied',
      'stage-start apps',
      'step-start apps',
      'end apps planned',
    ]);
  });

  it('a failed first stage interrupts the concurrent plan, which is reported skipped with none of its events', async () => {
    const running = start(true);
    await tick();
    stages.get('ops')!.fail();
    const outcome = await running;
    expect(stages.get('apps')!.aborted).toBe(true);
    expect(outcome.failure).toBe('ops: ops broke');
    expect(outcome.results.map((r) => r.status)).toEqual(['failed', 'skipped']);
    expect(outcome.results[1]).toEqual({ ...result(apps, 'skipped'), durationMs: 0 });
    expect(events.map(describeEvent)).toEqual(['stage-start ops', 'step-start ops', 'end ops failed']);
  });

  it('a concurrent plan that had finished is still discarded when the first stage fails', async () => {
    const running = start(true);
    await tick();
    stages.get('apps')!.finish();
    await tick();
    stages.get('ops')!.fail();
    const outcome = await running;
    expect(outcome.results.map((r) => r.status)).toEqual(['failed', 'skipped']);
    expect(events.some((e) => 'environment' in e && e.environment === 'apps')).toBe(false);
  });

  it('a failed concurrent plan fails the run after the first stage is reported', async () => {
    const running = start(true);
    await tick();
    stages.get('apps')!.fail();
    await tick();
    stages.get('ops')!.finish();
    const outcome = await running;
    expect(outcome.failure).toBe('apps: apps broke');
    expect(outcome.results.map((r) => r.status)).toEqual(['applied', 'failed']);
    expect(events.map(describeEvent).slice(2)).toEqual([
      'end ops applied',
      'stage-start apps',
      'step-start apps',
      'end apps failed',
    ]);
  });

  it("the run's signal interrupts both stages", async () => {
    const controller = new AbortController();
    const running = start(true, controller.signal);
    await tick();
    controller.abort();
    // The fake ops stage ignores the signal; a real one fails with TerraformAbortedError.
    stages.get('ops')!.fail();
    const outcome = await running;
    expect(stages.get('apps')!.aborted).toBe(true);
    expect(outcome.results.map((r) => r.status)).toEqual(['failed', 'skipped']);
  });

  it('without overlap, the next stage starts only after the first ended', async () => {
    const running = start(false);
    await tick();
    expect(stages.get('apps')!.started).toBe(false);
    stages.get('ops')!.finish();
    await tick();
    expect(stages.get('apps')!.started).toBe(true);
    stages.get('apps')!.finish();
    expect((await running).results.map((r) => r.status)).toEqual(['applied', 'planned']);
  });

  it('the concurrent stage waits for the first to reach its plan step (no concurrent inits)', async () => {
    const slowInit = new FakeStage(ops);
    let releaseInit!: () => void;
    const initDone = new Promise<void>((resolve) => (releaseInit = resolve));
    const running = runSequence(sequence([ops, apps]), {
      overlap: true,
      concurrency: 1,
      emit: (e) => events.push(e),
      runStage: async (stage, io) => {
        if (stage.plan.environment === 'apps') return stages.get('apps')!.run(io);
        io.emit({ type: 'step-start', environment: 'ops', action: 'init' });
        await initDone;
        return slowInit.run(io);
      },
    });
    await tick();
    expect(stages.get('apps')!.started).toBe(false);
    releaseInit();
    await tick();
    expect(stages.get('apps')!.started).toBe(true);
    slowInit.finish();
    stages.get('apps')!.finish();
    expect((await running).results.map((r) => r.status)).toEqual(['applied', 'planned']);
  });
});

describe('canOverlap and overlapEnabled', () => {
  it('only a plan-only stage of another environment overlaps', () => {
    expect(canOverlap(ops, apps)).toBe(true);
    expect(canOverlap(ops, undefined)).toBe(false);
    expect(canOverlap(apps, { environment: 'apps-prod', apply: true })).toBe(false);
    expect(canOverlap(ops, { environment: 'ops', apply: false })).toBe(false);
  });

  it('is on unless CDKTF_GITOPS_OVERLAP=off', () => {
    expect(resolveOptions({ projectDir: '.', env: {} }).overlap).toBe(true);
    expect(resolveOptions({ projectDir: '.', env: { CDKTF_GITOPS_OVERLAP: 'off' } }).overlap).toBe(false);
  });
});
