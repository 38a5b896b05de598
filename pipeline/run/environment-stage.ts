import { hasNamedStacks, type EnvironmentStackInfo } from '../project/environment-stacks.js';
import type { StagePlan } from '../refs/index.js';
import { StageFailedError } from './stage.js';
import type { ChangeCounts, PipelineEvent, StackResult, StackStatus, StageResult, StageStatus } from './types.js';

/** Runs one stack's stage (`runStage` on its directory), reporting through `emit`. */
export type StackRunner = (stack: EnvironmentStackInfo, emit: (event: PipelineEvent) => void) => Promise<StageResult>;

/** Options of {@link runEnvironmentStage}. */
export interface EnvironmentStageOptions {
  /** The stage's events sink. */
  readonly emit: (event: PipelineEvent) => void;
  /** Most stacks of the environment run at once. */
  readonly concurrency: number;
  /** Once aborted, no further stack starts (running ones are interrupted by the runner's own signal). */
  readonly signal?: AbortSignal;
}

/** Statuses after which a dependant of an applying stage may plan: the dependency's state is final. */
const APPLIED: readonly StackStatus[] = ['applied', 'no-changes'];
/** Statuses of a plan-only dependency whose changes are not applied yet. */
const UNAPPLIED: readonly StackStatus[] = ['planned', 'planned-with-unapplied-dependencies', 'blocked-by-dependencies'];

/**
 * Runs an environment's stage over its stacks in dependency order: a stack starts once every stack
 * it depends on has ended, independent stacks run concurrently (up to `concurrency`). A stack whose
 * dependency failed, was refused or skipped is skipped; independent stacks go on. In an applying
 * stage a dependant plans only after its dependencies applied, so it is planned against their real
 * outputs; in a plan-only stage a dependant of a stack with changes is still planned (against the
 * dependency's current state) and reported `planned-with-unapplied-dependencies` (or
 * `blocked-by-dependencies` when that plan fails), never as a final plan.
 *
 * An environment of one unnamed stack runs exactly as before: one `runStage`, no stack events.
 * Throws a {@link StageFailedError} carrying the environment's result when a stack failed.
 */
export async function runEnvironmentStage(
  plan: StagePlan,
  stacks: readonly EnvironmentStackInfo[],
  run: StackRunner,
  opts: EnvironmentStageOptions,
): Promise<StageResult> {
  if (!hasNamedStacks(stacks)) return run(stacks[0]!, opts.emit);
  const started = performance.now();
  const env = plan.environment;
  const applies = plan.actions.includes('apply');
  opts.emit({ type: 'stage-start', environment: env, actions: plan.actions });
  const results = new Map<string, StackResult>();
  const running = new Map<string, Promise<void>>();
  let firstError: unknown;
  const end = (result: StackResult): void => {
    results.set(result.stack, result);
    opts.emit({ type: 'stack-end', environment: env, result });
  };
  const start = (stack: EnvironmentStackInfo): void => {
    const unapplied = applies ? [] : stack.dependsOn.filter((d) => UNAPPLIED.includes(results.get(d)!.status));
    const task = run(stack, stackEmitter(env, stack, opts.emit))
      .catch((error: unknown) => {
        if (!(error instanceof StageFailedError)) throw error;
        firstError ??= error.cause;
        return error.stage;
      })
      .then((stage) => end(stackResult(stack, stage, unapplied)))
      .finally(() => running.delete(stack.name));
    running.set(stack.name, task);
  };
  const pending = [...stacks];
  while (pending.length > 0 || running.size > 0) {
    let progressed = false;
    for (const stack of [...pending]) {
      if (!stack.dependsOn.every((d) => results.has(d))) continue;
      const blocker = stack.dependsOn.find((d) => !mayFollow(results.get(d)!.status, applies));
      if (blocker !== undefined || opts.signal?.aborted) {
        pending.splice(pending.indexOf(stack), 1);
        end(skippedStack(plan, stack));
        progressed = true;
        continue;
      }
      if (running.size >= Math.max(1, opts.concurrency)) break;
      pending.splice(pending.indexOf(stack), 1);
      start(stack);
      progressed = true;
    }
    if (running.size > 0) await Promise.race(running.values());
    else if (!progressed && pending.length > 0) {
      // cdktf refuses dependency cycles; this is only a guard against waiting forever.
      throw new Error(`${env}: the stacks ${pending.map((s) => s.name).join(', ')} depend on each other`);
    }
  }
  const stage = environmentResult(
    plan,
    stacks.map((s) => results.get(s.name)!),
    performance.now() - started,
  );
  opts.emit({ type: 'stage-end', stage });
  if (stage.status === 'failed') throw new StageFailedError(stage, firstError);
  return stage;
}

/** Whether a stack may run after a dependency that ended with `status`. */
function mayFollow(status: StackStatus, applies: boolean): boolean {
  return applies ? APPLIED.includes(status) : status !== 'failed' && status !== 'refused' && status !== 'skipped';
}

/** The stack's events: its stage's start and end become the stack's, every other event names the stack. */
function stackEmitter(
  environment: string,
  stack: EnvironmentStackInfo,
  emit: (event: PipelineEvent) => void,
): (event: PipelineEvent) => void {
  return (event) => {
    if (event.type === 'stage-start')
      emit({ type: 'stack-start', environment, stack: stack.name, dependsOn: stack.dependsOn });
    else if (event.type === 'stage-end')
      return; // the runner reports the stack's result itself
    else if ('environment' in event && event.type !== 'stack-start' && event.type !== 'stack-end')
      emit({ ...event, stack: stack.name });
    else emit(event);
  };
}

function stackResult(stack: EnvironmentStackInfo, stage: StageResult, unapplied: readonly string[]): StackResult {
  const { stacks: _none, ...rest } = stage;
  let status: StackStatus = stage.status;
  if (unapplied.length > 0) {
    if (stage.status === 'failed') status = 'blocked-by-dependencies';
    else if (stage.status === 'planned' || stage.status === 'no-changes')
      status = 'planned-with-unapplied-dependencies';
  }
  return {
    ...rest,
    stack: stack.name,
    dependsOn: stack.dependsOn,
    status,
    ...(unapplied.length > 0 ? { unappliedDependencies: unapplied } : {}),
  };
}

function skippedStack(plan: StagePlan, stack: EnvironmentStackInfo): StackResult {
  return {
    environment: plan.environment,
    workspace: plan.workspace,
    actions: plan.actions,
    stack: stack.name,
    dependsOn: stack.dependsOn,
    status: 'skipped',
    changes: { add: 0, change: 0, destroy: 0 },
    resourceChanges: [],
    durationMs: 0,
  };
}

/**
 * The environment's result from its stacks': failed if one failed, else refused if one was refused,
 * else applied if one applied, else planned if one has changes; changes summed; the first error or
 * refusal, named after its stack; the record only when every stack applied it.
 */
export function environmentResult(plan: StagePlan, stacks: readonly StackResult[], durationMs: number): StageResult {
  const has = (...statuses: StackStatus[]) => stacks.some((s) => statuses.includes(s.status));
  const status: StageStatus = has('failed')
    ? 'failed'
    : has('refused')
      ? 'refused'
      : has('applied')
        ? 'applied'
        : has('planned', 'planned-with-unapplied-dependencies', 'blocked-by-dependencies')
          ? 'planned'
          : stacks.every((s) => s.status === 'skipped')
            ? 'skipped'
            : 'no-changes';
  const changes: ChangeCounts = {
    add: sum(stacks, (s) => s.changes.add),
    change: sum(stacks, (s) => s.changes.change),
    destroy: sum(stacks, (s) => s.changes.destroy),
  };
  const failed = stacks.find((s) => s.status === 'failed');
  const refused = stacks.find((s) => s.status === 'refused');
  const record = stacks.every((s) => s.status === 'applied' && s.record) ? stacks[0]!.record : undefined;
  return {
    environment: plan.environment,
    workspace: plan.workspace,
    actions: plan.actions,
    status,
    changes,
    resourceChanges: stacks.flatMap((s) =>
      s.resourceChanges.map((c) => ({ ...c, address: `${s.stack}:${c.address}` })),
    ),
    durationMs,
    ...(record ? { record } : {}),
    ...(failed?.error ? { error: { ...failed.error, message: `${failed.stack}: ${failed.error.message}` } } : {}),
    ...(refused ? { refusal: `${refused.stack}: ${refused.refusal ?? 'refused before apply'}` } : {}),
    stacks,
  };
}

function sum(stacks: readonly StackResult[], f: (s: StackResult) => number): number {
  return stacks.reduce((n, s) => n + f(s), 0);
}
