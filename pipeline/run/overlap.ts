import type { StagePlan } from '../refs/index.js';
import { StageFailedError } from './stage.js';
import { NO_CHANGES, type PipelineEvent, type StageResult } from './types.js';

/** Environment variable that turns the overlap off (`off`: run every stage after the one before). */
export const OVERLAP_ENV = 'CDKTF_GITOPS_OVERLAP';

/** What a stage must report through and listen to when {@link runStages} runs it. */
export interface StageIo {
  /** The events sink. */
  readonly emit: (event: PipelineEvent) => void;
  /** The abort signal. */
  readonly signal?: AbortSignal;
  /** Wraps any other callback (raw terraform output) so that it is held back with the events. */
  readonly hold?: Hold;
  /**
   * Set when the stage runs alongside the one before it: resolves to whether that stage succeeded.
   * Whatever the stage writes (the reviewed-plan record) waits for it: a plan that is discarded
   * because the stage before it failed must leave nothing behind.
   */
  readonly previousSucceeded?: Promise<boolean>;
}

/** Wraps a callback so that its calls are held back, in order with the stage's events. */
export type Hold = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void;

/** How {@link runStages} runs one stage. */
export type StageRunner = (plan: StagePlan, io: StageIo) => Promise<StageResult>;

/** Options of {@link runStages}. */
export interface RunStagesOptions {
  /** Let a plan-only stage run alongside the stage before it (see {@link canOverlap}). */
  readonly overlap: boolean;
  /** The run's signal; aborting it interrupts every running stage. */
  readonly signal?: AbortSignal;
  /** Where events go, in the order a sequential run would emit them. */
  readonly emit: (event: PipelineEvent) => void;
}

/** What {@link runStages} returns: a result per stage, in order, and what stopped the run, if anything. */
export interface StagesOutcome {
  readonly results: StageResult[];
  /** The first failure's message. */
  readonly failure?: string;
  /** The refusal (a check before apply) that stopped the run. */
  readonly refusal?: string;
}

/** Whether the overlap is on for this environment (default: on). */
export function overlapEnabled(env: NodeJS.ProcessEnv): boolean {
  return env[OVERLAP_ENV] !== 'off';
}

/**
 * Whether `next` may run while `current` does: it only plans (applies nothing, writes no state),
 * in another workspace and stack directory. Its result is the same as after `current` unless
 * its configuration reads `current`'s state (turn the overlap off for such projects).
 */
export function canOverlap(current: StagePlan, next: StagePlan | undefined): next is StagePlan {
  return (
    next !== undefined &&
    !next.actions.includes('apply') &&
    next.environment !== current.environment &&
    next.workspace !== current.workspace
  );
}

/**
 * Runs the stages in order; a failed or refused stage stops the run and later ones are `skipped`. With
 * `overlap`, a plan-only stage starts once the stage before it reaches its plan step (after its
 * init: concurrent inits could share a plugin cache, which terraform does not lock). Its events are
 * held back until the stage before it has ended, so the reported order is the sequential one. When
 * the stage before it fails, it is interrupted (SIGINT) and reported `skipped`, its result
 * discarded even if it had finished: exactly what a sequential run reports.
 */
export async function runStages(
  stages: readonly StagePlan[],
  run: StageRunner,
  opts: RunStagesOptions,
): Promise<StagesOutcome> {
  const results: StageResult[] = [];
  let stop: Stop = {};
  const signalOpt = opts.signal ? { signal: opts.signal } : {};
  for (let i = 0; i < stages.length; i++) {
    const plan = stages[i]!;
    if (stops(stop)) {
      results.push(skipped(plan));
      continue;
    }
    const next = stages[i + 1];
    if (!opts.overlap || !canOverlap(plan, next)) {
      const { stage, ...outcome } = await settle(run(plan, { emit: opts.emit, ...signalOpt }));
      results.push(stage);
      stop = outcome;
      continue;
    }
    const held = new HeldEvents();
    const controller = new AbortController();
    const stopNext = () => controller.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', stopNext, { once: true });
    let start!: () => void;
    const started = new Promise<void>((resolve) => (start = resolve));
    let firstDone!: (succeeded: boolean) => void;
    const previousSucceeded = new Promise<boolean>((resolve) => (firstDone = resolve));
    const io = { emit: held.hold(opts.emit), hold: held.hold, signal: controller.signal, previousSucceeded };
    const second = started.then(() => (controller.signal.aborted ? undefined : settle(run(next, io))));
    const emitFirst = (event: PipelineEvent): void => {
      opts.emit(event);
      if (event.type === 'step-start' && event.environment === plan.environment && event.action === 'plan') start();
    };
    try {
      const first = await settle(run(plan, { emit: emitFirst, ...signalOpt }));
      results.push(first.stage);
      firstDone(!stops(first));
      if (stops(first)) {
        const { stage: _first, ...firstStop } = first;
        stop = firstStop;
        // A later stage's plan after a failed stage is not reported: interrupt it and wait for terraform to exit.
        stopNext();
        start();
        await second;
        results.push(skipped(next));
      } else {
        start();
        held.release();
        const { stage, ...outcome } = (await second)!;
        results.push(stage);
        stop = outcome;
      }
    } catch (error) {
      // An unexpected error (not a stage failure): leave no terraform of the later stage running.
      firstDone(false);
      stopNext();
      start();
      await second.catch(() => undefined);
      throw error;
    } finally {
      opts.signal?.removeEventListener('abort', stopNext);
    }
    i++;
  }
  return { results, ...stop };
}

/** What stops a run: a failed stage's message, or a refused stage's. */
interface Stop {
  readonly failure?: string;
  readonly refusal?: string;
}

function stops(stop: Stop): boolean {
  return stop.failure !== undefined || stop.refusal !== undefined;
}

/** A stage's result, with its failure or refusal as a message; other errors reject. */
async function settle(running: Promise<StageResult>): Promise<Stop & { stage: StageResult }> {
  try {
    const stage = await running;
    if (stage.status !== 'refused') return { stage };
    return { stage, refusal: `${stage.environment}: ${stage.refusal ?? 'refused before apply'}` };
  } catch (error) {
    if (!(error instanceof StageFailedError)) throw error;
    return {
      stage: error.stage,
      failure: `${error.stage.environment}: ${error.stage.error?.message ?? error.message}`,
    };
  }
}

/** Calls (events, raw output) held back until {@link release}, then passed straight through. */
class HeldEvents {
  private held: (() => void)[] | undefined = [];

  readonly hold: Hold =
    (fn) =>
    (...args) => {
      if (this.held) this.held.push(() => fn(...args));
      else fn(...args);
    };

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const call of held) call();
  }
}

/** The result of a stage that did not run because an earlier one failed. */
export function skipped(plan: StagePlan): StageResult {
  return {
    environment: plan.environment,
    workspace: plan.workspace,
    actions: plan.actions,
    status: 'skipped',
    changes: NO_CHANGES,
    resourceChanges: [],
    durationMs: 0,
  };
}
