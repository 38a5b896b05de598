import type { DeploymentRecord, RecordTrigger } from '../../stacks/deployment-record-format.js';
import type { StoredRecord } from '../stackdir/record.js';
import { entrySignature, type HistoryEntry } from './history.js';
import { trusted } from './signature.js';

/** What one stack of an environment records (`undefined`: its workspace does not exist). */
export interface StackRecord {
  readonly stack: string;
  readonly stored: StoredRecord | undefined;
  /**
   * The history entry that moved the record to a later commit without running terraform (the stack
   * was unchanged): `stored.record` is then built from it, and its signature is the entry's.
   */
  readonly movedBy?: HistoryEntry;
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

/**
 * Each stack's record as it stands: the one in its state, or a later one that change detection moved
 * without running terraform. A history entry moves it while the state still has the lineage and
 * serial the entry names (any apply, `state rm` or replaced state since undoes it), when it is
 * trusted under `key` (validly signed when there is one) and names another apply than the state's record.
 */
export function withMovedRecords(
  stacks: readonly StackRecord[],
  history: readonly HistoryEntry[],
  key: string | undefined,
): StackRecord[] {
  return stacks.map((s) => {
    const state = s.stored?.state;
    if (!s.stored || state?.lineage === undefined || state.serial === undefined) return s;
    const entry = [...history].reverse().find((e) => {
      if (e.result !== 'succeeded' || e.trigger === 'verify' || !trusted(entrySignature(e, key))) return false;
      const item = e.stacks.find((i) => i.stack === s.stack);
      return item !== undefined && item.lineage === state.lineage && item.serial === state.serial;
    });
    const current = s.stored.record;
    if (!entry || (current && sameApply(current, entry))) return s;
    if (current && Date.parse(entry.time) < Date.parse(current.time)) return s;
    return { ...s, stored: { ...s.stored, record: recordOf(entry) }, movedBy: entry };
  });
}

/** Whether a record and an entry name one apply: commit, ref, trigger and override. */
function sameApply(r: DeploymentRecord, e: HistoryEntry): boolean {
  const overridden = (x: { gateOverridden?: boolean }) => x.gateOverridden === true;
  return r.commit === e.commit && r.ref === e.ref && r.trigger === e.trigger && overridden(r) === overridden(e);
}

/** A deployment record saying what a history entry says. */
function recordOf(e: HistoryEntry): DeploymentRecord {
  return {
    version: 1,
    commit: e.commit,
    ref: e.ref,
    trigger: e.trigger as RecordTrigger,
    time: e.time,
    ...(e.runUrl ? { runUrl: e.runUrl } : {}),
    ...(e.actor ? { actor: e.actor } : {}),
    ...(e.gateOverridden ? { gateOverridden: true as const } : {}),
  };
}
