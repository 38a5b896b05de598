import type { EnvironmentStackInfo } from '../project/environment-stacks.js';
import type { StackRecord } from '../run/environment-record.js';
import type { StoredRecord } from '../run/record.js';
import type { ChangeCounts } from '../run/types.js';
import type { ResourceChange } from '../terraform/index.js';
import type { EnvironmentDrift, StackDrift } from './types.js';

/** One stack's plan in a drift check: whether it drifted, its counts and changes. */
export type StackPlan = Pick<StackDrift, 'drift' | 'changes' | 'resourceChanges'>;

/** What {@link planStacks} needs: how to plan one stack directory with its stored record. */
export interface PlanStacksOptions {
  /** Plans the stack synthesized in `dir` against its live state, passing `stored` back unchanged. */
  readonly plan: (dir: string, stored: StoredRecord | undefined) => Promise<StackPlan>;
  /** One line for a failed plan (terraform's first diagnostic). */
  readonly messageOf: (error: unknown) => string;
  /** Once aborted, a failed plan is rethrown (the caller removes the worktree) and no further stack starts. */
  readonly signal?: AbortSignal;
}

/**
 * Checks each stack of an environment (as the recorded commit synthesized them) one after another,
 * each with its own stored record passed back. Order does not matter: a drift plan refreshes against
 * applied state, so a dependant reads its dependencies' applied outputs. A stack's failure does not
 * stop the others; the environment drifted when any stack drifted, and failed when any stack failed.
 */
export async function planStacks(
  stacks: readonly EnvironmentStackInfo[],
  records: readonly StackRecord[],
  opts: PlanStacksOptions,
): Promise<Pick<EnvironmentDrift, 'drift' | 'changes' | 'resourceChanges' | 'error' | 'stacks'>> {
  const results: StackDrift[] = [];
  for (const stack of stacks) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    const t0 = performance.now();
    const record = records.find((r) => r.stack === stack.name);
    try {
      // A stack the recorded commit has but this checkout lacks: its record was not read.
      if (record === undefined) throw new Error(`stack '${stack.name}' of the recorded commit is not in this checkout`);
      const planned = await opts.plan(stack.dir, record.stored);
      results.push({ stack: stack.name, ...planned, durationMs: performance.now() - t0 });
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      results.push({
        stack: stack.name,
        drift: null,
        changes: { add: 0, change: 0, destroy: 0 },
        resourceChanges: [],
        error: { message: opts.messageOf(error) },
        durationMs: performance.now() - t0,
      });
    }
  }
  return combineStacks(results);
}

/** The environment's check from its stacks': the first error named after its stack, changes summed. */
export function combineStacks(
  stacks: readonly StackDrift[],
): Pick<EnvironmentDrift, 'drift' | 'changes' | 'resourceChanges' | 'error' | 'stacks'> {
  const failed = stacks.find((s) => s.error);
  const drifted = stacks.some((s) => s.drift === true);
  const changes: ChangeCounts = {
    add: stacks.reduce((n, s) => n + s.changes.add, 0),
    change: stacks.reduce((n, s) => n + s.changes.change, 0),
    destroy: stacks.reduce((n, s) => n + s.changes.destroy, 0),
  };
  // As a stage's addresses: `<stack>:<address>`, so equal addresses of two stacks stay apart.
  const resourceChanges: ResourceChange[] = stacks.flatMap((s) =>
    s.resourceChanges.map((c) => ({ ...c, address: `${s.stack}:${c.address}` })),
  );
  return {
    // Known drift stays reported even when another stack's check failed.
    drift: drifted ? true : failed ? null : false,
    changes,
    resourceChanges,
    ...(failed?.error ? { error: { message: `${failed.stack}: ${failed.error.message}` } } : {}),
    stacks,
  };
}
