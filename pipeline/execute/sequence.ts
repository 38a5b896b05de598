import type { PipelineEvent, StageResult } from '../model.js';
import type { StagePlan } from '../decide/run-plan.js';
import { runEnvironment, skippedStage } from './environment.js';
import type { StackRun } from './stack-run.js';

/** One stage of a sequence: its plan and its stacks' runs, built before the sequence starts. */
export interface StageRuns {
  readonly plan: StagePlan;
  readonly runs: readonly StackRun[];
}

/** Where a stage of a sequence reports, and how it is interrupted and held back. */
export interface StageIo {
  readonly emit: (event: PipelineEvent) => void;
  readonly signal?: AbortSignal | undefined;
  /** Wraps raw output so it is held back with the events (a stage running alongside another). */
  readonly hold?: Hold;
}

/** How a sequence runs. */
export interface SequenceOptions {
  /** Let a plan-only stage run alongside the stage before it (see {@link canOverlap}). */
  readonly overlap: boolean;
  /** Most stacks of an environment run at once. */
  readonly concurrency: number;
  readonly signal?: AbortSignal | undefined;
  /** Where events go, in the order a sequential run would emit them. */
  readonly emit: (event: PipelineEvent) => void;
  /** Runs one stage; default `runEnvironment` (tests put a stage of their own here). */
  readonly runStage?: (stage: StageRuns, io: StageIo) => Promise<StageResult>;
}

/** What {@link runSequence} returns: a result per stage, in order, and what stopped the run, if anything. */
export interface SequenceOutcome {
  readonly results: StageResult[];
  /** The first failure's message. */
  readonly failure?: string;
  /** The refusal (a check before apply) that stopped the run. */
  readonly refusal?: string;
}

/**
 * Whether `next` may run while `current` does: it only plans (applies nothing, writes no state), in
 * another workspace and stack directory. Its result is the same as after `current` unless its
 * configuration reads `current`'s state (turn the overlap off for such projects).
 */
export function canOverlap(current: StagePlan, next: StagePlan | undefined): next is StagePlan {
  return next !== undefined && !next.apply && next.environment !== current.environment;
}

/**
 * Runs the stages in order; a failed or refused stage stops the run and later ones are `skipped`.
 * With `overlap`, a plan-only stage starts once the stage before it reaches its plan step (after its
 * init: concurrent inits could share a plugin cache, which terraform does not lock). Its events and
 * raw output are held back until the stage before it has ended, so the reported order is the
 * sequential one, and it records nothing unless that stage succeeded. When the stage before it
 * fails, it is interrupted (SIGINT) and reported `skipped`, its result discarded even if it had
 * finished: exactly what a sequential run reports.
 */
export async function runSequence(stages: readonly StageRuns[], opts: SequenceOptions): Promise<SequenceOutcome> {
  const results: StageResult[] = [];
  let stop: Stop = {};
  const run =
    opts.runStage ??
    ((stage: StageRuns, io: StageIo) =>
      runEnvironment(stage.plan, stage.runs, { ...io, concurrency: opts.concurrency }));
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i]!;
    if (stops(stop)) {
      results.push(skippedStage(stage.plan));
      continue;
    }
    const next = stages[i + 1];
    if (!opts.overlap || !canOverlap(stage.plan, next?.plan)) {
      const result = await run(stage, { emit: opts.emit, signal: opts.signal });
      results.push(result);
      stop = stopOf(result);
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
    const waiting = { ...next!, runs: next!.runs.map((r) => ({ ...r, checks: { ...r.checks, previousSucceeded } })) };
    const io = { emit: held.hold(opts.emit), hold: held.hold, signal: controller.signal };
    const second = started.then(() => (controller.signal.aborted ? undefined : run(waiting, io)));
    const emitFirst = (event: PipelineEvent): void => {
      opts.emit(event);
      if (event.type === 'step-start' && event.environment === stage.plan.environment && event.action === 'plan')
        start();
    };
    try {
      const first = await run(stage, { emit: emitFirst, signal: opts.signal });
      results.push(first);
      stop = stopOf(first);
      firstDone(!stops(stop));
      start();
      if (stops(stop)) {
        // A later stage's plan after a failed stage is not reported: interrupt it and wait for terraform to exit.
        stopNext();
        await second;
        results.push(skippedStage(next!.plan));
      } else {
        held.release();
        const result = (await second)!;
        results.push(result);
        stop = stopOf(result);
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

function stopOf(stage: StageResult): Stop {
  if (stage.status === 'failed') return { failure: `${stage.environment}: ${stage.error?.message ?? 'failed'}` };
  if (stage.verification?.status === 'failed') {
    const failed = stage.verification.checks.filter((c) => c.status === 'failed').map((c) => `'${c.name}'`);
    return { failure: `${stage.environment}: its apply failed verification ${failed.join(', ')}` };
  }
  if (stage.status === 'refused')
    return { refusal: `${stage.environment}: ${stage.refusal ?? 'refused before apply'}` };
  return {};
}

/** Wraps a callback so that its calls are held back, in order with the stage's events. */
type Hold = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void;

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
