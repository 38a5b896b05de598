import type { ChangeCounts, StackResult, StackStatus, StageResult, StageStatus } from '../model.js';
import { actionsOf, type StagePlan } from '../decide/run-plan.js';
import { runStack, type StackIo, type StackOutcome } from './run-stack.js';
import type { StackRun } from './stack-run.js';

/** Statuses after which a dependant of an applying stage may plan: the dependency's state is final. */
const APPLIED: readonly StackStatus[] = ['applied', 'no-changes', 'unchanged'];
/** Statuses of a plan-only dependency whose changes are not applied yet. */
const UNAPPLIED: readonly StackStatus[] = ['planned', 'planned-with-unapplied-dependencies', 'blocked-by-dependencies'];

/**
 * Runs an environment's stage over its stacks in dependency order: a stack starts once every stack
 * it depends on has ended, independent stacks run concurrently (up to `concurrency`). A stack whose
 * dependency failed, was refused or skipped is skipped; independent stacks go on. In an applying
 * stage a dependant plans only after its dependencies applied, so it is planned against their real
 * outputs; in a plan-only stage a dependant of a stack with changes is still planned (against the
 * dependency's current state) and reported `planned-with-unapplied-dependencies` (or
 * `blocked-by-dependencies` when that plan fails), never as a final plan. An environment of one
 * unnamed stack reports as the stage itself. A failure is the result's status, never thrown.
 */
export async function runEnvironment(
  plan: StagePlan,
  runs: readonly StackRun[],
  io: StackIo & {
    readonly concurrency: number;
    /** Runs one stack; default `runStack` (tests put a scripted one here). */
    readonly runStack?: (run: StackRun, io: StackIo) => Promise<StackOutcome>;
  },
): Promise<StageResult> {
  const started = performance.now();
  const runOne = io.runStack ?? runStack;
  const stage = { environment: plan.environment, workspace: plan.environment, actions: actionsOf(plan) };
  io.emit({ type: 'stage-start', environment: plan.environment, actions: stage.actions });
  if (runs.length === 1 && !runs[0]!.stack.named) {
    const { drift: _drift, ...outcome } = await runOne(runs[0]!, io);
    const result: StageResult = { ...stage, ...outcome };
    io.emit({ type: 'stage-end', stage: result });
    return result;
  }
  const results = new Map<string, StackResult>();
  const running = new Map<string, Promise<void>>();
  const end = (result: StackResult): void => {
    results.set(result.stack, result);
    io.emit({ type: 'stack-end', environment: plan.environment, result });
  };
  const start = (run: StackRun): void => {
    const { name, dependsOn } = run.stack;
    const unapplied = plan.apply ? [] : dependsOn.filter((d) => UNAPPLIED.includes(results.get(d)!.status));
    io.emit({ type: 'stack-start', environment: plan.environment, stack: name, dependsOn });
    // A stack whose dependency changed plans: the outputs it reads may have changed with it.
    const { detect: _detect, ...planned } = run;
    const detectable = dependsOn.every((d) => results.get(d)!.status === 'unchanged');
    const task = runOne(detectable ? run : planned, io)
      .then((outcome) => end(stackResult(stage, run, outcome, unapplied)))
      .finally(() => running.delete(name));
    running.set(name, task);
  };
  const pending = [...runs];
  while (pending.length > 0 || running.size > 0) {
    let progressed = false;
    for (const run of [...pending]) {
      const { dependsOn } = run.stack;
      if (!dependsOn.every((d) => results.has(d))) continue;
      const blocker = dependsOn.find((d) => !mayFollow(results.get(d)!.status, plan.apply));
      if (blocker !== undefined || io.signal?.aborted) {
        pending.splice(pending.indexOf(run), 1);
        end(stackResult(stage, run, skippedOutcome(), []));
        progressed = true;
        continue;
      }
      if (running.size >= Math.max(1, io.concurrency)) break;
      pending.splice(pending.indexOf(run), 1);
      start(run);
      progressed = true;
    }
    if (running.size > 0) await Promise.race(running.values());
    else if (!progressed && pending.length > 0) {
      // cdktf refuses dependency cycles; this is only a guard against waiting forever.
      throw new Error(
        `${plan.environment}: the stacks ${pending.map((r) => r.stack.name).join(', ')} depend on each other`,
      );
    }
  }
  const result = environmentResult(
    stage,
    runs.map((r) => results.get(r.stack.name)!),
    performance.now() - started,
  );
  io.emit({ type: 'stage-end', stage: result });
  return result;
}

/** Whether a stack may run after a dependency that ended with `status`. */
function mayFollow(status: StackStatus, applies: boolean): boolean {
  return applies ? APPLIED.includes(status) : status !== 'failed' && status !== 'refused' && status !== 'skipped';
}

function stackResult(
  stage: Pick<StageResult, 'environment' | 'workspace' | 'actions'>,
  run: StackRun,
  outcome: StackOutcome,
  unapplied: readonly string[],
): StackResult {
  const { drift: _drift, ...rest } = outcome;
  let status: StackStatus = outcome.status;
  if (unapplied.length > 0) {
    if (outcome.status === 'failed') status = 'blocked-by-dependencies';
    else if (outcome.status === 'planned' || outcome.status === 'no-changes')
      status = 'planned-with-unapplied-dependencies';
  }
  return {
    ...stage,
    ...rest,
    stack: run.stack.name,
    dependsOn: run.stack.dependsOn,
    status,
    ...(unapplied.length > 0 ? { unappliedDependencies: unapplied } : {}),
  };
}

function skippedOutcome(): StackOutcome {
  return { status: 'skipped', changes: { add: 0, change: 0, destroy: 0 }, resourceChanges: [], durationMs: 0 };
}

/** A stage that did not run (an earlier stage failed or was refused). */
export function skippedStage(plan: StagePlan): StageResult {
  return {
    environment: plan.environment,
    workspace: plan.environment,
    actions: actionsOf(plan),
    ...skippedOutcome(),
  };
}

/**
 * The environment's result from its stacks': failed if one failed, else refused if one was refused,
 * else applied if one applied, else planned if one has changes; changes summed; the first error or
 * refusal, named after its stack; the record only when every stack applied it; unchanged when every
 * stack is.
 */
export function environmentResult(
  stage: Pick<StageResult, 'environment' | 'workspace' | 'actions'>,
  stacks: readonly StackResult[],
  durationMs: number,
): StageResult {
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
            : stacks.every((s) => s.status === 'unchanged')
              ? 'unchanged'
              : 'no-changes';
  const changes: ChangeCounts = {
    add: sum(stacks, (s) => s.changes.add),
    change: sum(stacks, (s) => s.changes.change),
    destroy: sum(stacks, (s) => s.changes.destroy),
  };
  const failed = stacks.find((s) => s.status === 'failed');
  const refused = stacks.find((s) => s.status === 'refused');
  const record = stacks.every((s) => s.status === 'applied' && s.record) ? stacks[0]!.record : undefined;
  // Each stack says since when it is unchanged; the environment does when they agree.
  const since = new Set(stacks.map((s) => s.unchangedSince));
  const unchangedSince = status === 'unchanged' && since.size === 1 ? stacks[0]!.unchangedSince : undefined;
  return {
    ...stage,
    status,
    changes,
    resourceChanges: stacks.flatMap((s) =>
      s.resourceChanges.map((c) => ({ ...c, address: `${s.stack}:${c.address}` })),
    ),
    durationMs,
    ...(record ? { record } : {}),
    ...(unchangedSince ? { unchangedSince } : {}),
    ...(failed?.error ? { error: { ...failed.error, message: `${failed.stack}: ${failed.error.message}` } } : {}),
    ...(refused ? { refusal: `${refused.stack}: ${refused.refusal ?? 'refused before apply'}` } : {}),
    stacks,
  };
}

function sum(stacks: readonly StackResult[], f: (s: StackResult) => number): number {
  return stacks.reduce((n, s) => n + f(s), 0);
}
