import type { StackStateIdentity } from '../../records/history.js';

/** What the history says a stack's state was after the pipeline last applied it. */
export interface LastAppliedState extends StackStateIdentity {
  readonly commit: string;
  readonly time: string;
}

/** The flag that approves an apply to a state that is not the one the pipeline last applied. */
export const ACCEPT_LOST_STATE_FLAG = '--accept-lost-state';

/**
 * Why a stack's current state is not the one the pipeline last applied: missing or empty (no
 * lineage), replaced (another lineage) or an older copy (a lower serial); `undefined` when it is that
 * state or a later one, or when no apply of it was recorded. Applying to a lost state would create
 * everything again, and a reviewed plan of "N to add" would read as matching.
 */
export function lostState(
  where: string,
  last: LastAppliedState | undefined,
  current: { readonly lineage?: string; readonly serial?: number },
): string | undefined {
  if (last?.lineage === undefined) return undefined;
  const applied = `the pipeline applied ${last.commit.slice(0, 12)} to it at ${last.time}`;
  if (current.lineage === undefined) return `${where}'s state is missing or empty, but ${applied}`;
  if (current.lineage !== last.lineage) {
    return `${where}'s state was replaced (lineage ${last.lineage} → ${current.lineage}) since ${applied}`;
  }
  if (last.serial !== undefined && (current.serial ?? 0) < last.serial) {
    return `${where}'s state is an older copy (serial ${last.serial} → ${current.serial ?? 0}) than when ${applied}`;
  }
  return undefined;
}
