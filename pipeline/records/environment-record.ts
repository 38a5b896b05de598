import type { DeploymentRecord } from '../../stacks/deployment-record-format.js';
import type { StoredRecord } from '../stackdir/record.js';

/** What one stack of an environment records (`undefined`: its workspace does not exist). */
export interface StackRecord {
  readonly stack: string;
  readonly stored: StoredRecord | undefined;
}

/** An environment's record read from all its stacks. */
export interface EnvironmentRecord {
  /** False when no stack's workspace exists. */
  readonly exists: boolean;
  /** The record every stack carries (the same commit and ref), else `undefined`. */
  readonly record?: DeploymentRecord;
  /** Why there is no record although stacks have one: they disagree, or some have none. */
  readonly partial?: string;
  /** Each stack's own record. */
  readonly stacks: readonly StackRecord[];
}

/**
 * The environment's deployment record: a stack records each apply of it, so the environment has a
 * record only when every stack carries the same commit and ref (each applied it); a run that failed
 * part-way leaves the stacks disagreeing, and the environment without a record for the gate.
 */
export function environmentRecord(stacks: readonly StackRecord[]): EnvironmentRecord {
  const exists = stacks.some((s) => s.stored !== undefined);
  const records = stacks.map((s) => s.stored?.record);
  const first = records[0];
  if (first !== undefined && records.every((r) => r?.commit === first.commit && r.ref === first.ref)) {
    return { exists, record: first, stacks };
  }
  if (!records.some((r) => r !== undefined)) return { exists, stacks };
  const each = stacks.map((s) => `${s.stack} ${s.stored?.record ? s.stored.record.commit.slice(0, 12) : 'none'}`);
  return { exists, partial: `its stacks record different applies (${each.join(', ')})`, stacks };
}
