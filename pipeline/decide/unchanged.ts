import { entrySignature, type HistoryEntry, type StackStateIdentity } from '../records/history.js';
import { trusted } from '../records/signature.js';

/** A stack whose configuration and state are those of an earlier apply: terraform would plan nothing new. */
export interface Unchanged {
  readonly unchanged: true;
  /** The commit whose apply last ran terraform in the stack (later ones moved the record only). */
  readonly since: string;
  /** The state it still has (what the history keeps again). */
  readonly state: { readonly lineage: string; readonly serial: number };
}

/** A stack that runs terraform, and why. */
export interface Changed {
  readonly unchanged: false;
  readonly reason: string;
}

/** What change detection says of one stack. */
export type ChangeVerdict = Unchanged | Changed;

/** The last successful apply that recorded a stack's change fingerprint and the state it left. */
export interface Baseline extends StackStateIdentity {
  readonly fingerprint: string;
  readonly lineage: string;
  readonly serial: number;
  /** The commit of the apply that ran terraform (the entry's own, unless it moved the record only). */
  readonly since: string;
  readonly entry: HistoryEntry;
}

/**
 * The newest successful apply of `stack` in a history that recorded its fingerprint and state,
 * trusted under `key` (validly signed when there is one). A failed apply is never a baseline: the
 * state it left is compared with the successful one before it, and differs.
 */
export function baselineOf(
  history: readonly HistoryEntry[],
  stack: string,
  key: string | undefined,
): Baseline | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i]!;
    if (entry.result !== 'succeeded' || entry.trigger === 'verify' || !trusted(entrySignature(entry, key))) continue;
    const item = entry.stacks.find((s) => s.stack === stack);
    if (item?.fingerprint === undefined || item.lineage === undefined || item.serial === undefined) continue;
    return {
      stack,
      fingerprint: item.fingerprint,
      lineage: item.lineage,
      serial: item.serial,
      since: item.since ?? entry.commit,
      entry,
    };
  }
  return undefined;
}

/**
 * Whether a stack may skip terraform: its fingerprint equals its baseline's, and its state still has
 * the baseline's lineage and serial (any apply, `state rm` or replaced state since changes them).
 * `reads` lists data sources that can answer differently with the same configuration: such a stack
 * always plans.
 */
export function changeVerdict(input: {
  readonly fingerprint: string;
  readonly baseline: Baseline | undefined;
  readonly reads: readonly string[];
  /** Its state now; `null`: none; `undefined`: not read (the configuration differs already). */
  readonly state?: { readonly lineage?: string; readonly serial?: number } | null;
}): ChangeVerdict {
  const { baseline } = input;
  if (input.reads.length > 0) {
    const more = input.reads.length > 3 ? ` and ${input.reads.length - 3} more` : '';
    return { unchanged: false, reason: `it reads data sources (${input.reads.slice(0, 3).join(', ')}${more})` };
  }
  if (!baseline) return { unchanged: false, reason: 'no earlier apply recorded its configuration' };
  const since = baseline.since.slice(0, 12);
  if (input.fingerprint !== baseline.fingerprint)
    return { unchanged: false, reason: `its configuration changed since ${since}` };
  const state = input.state;
  if (!state) return { unchanged: false, reason: `its state is gone since ${since}` };
  if (state.lineage !== baseline.lineage || state.serial !== baseline.serial) {
    const was = `lineage ${baseline.lineage.slice(0, 8)} serial ${baseline.serial}`;
    const now = `lineage ${state.lineage?.slice(0, 8) ?? 'none'} serial ${state.serial ?? 'none'}`;
    return { unchanged: false, reason: `its state changed since ${since} (${was} → ${now})` };
  }
  return { unchanged: true, since: baseline.since, state: { lineage: baseline.lineage, serial: baseline.serial } };
}

/** Whether the verdict needs the stack's current state to decide (everything else matched). */
export function needsState(input: {
  readonly fingerprint: string;
  readonly baseline: Baseline | undefined;
  readonly reads: readonly string[];
}): boolean {
  return input.reads.length === 0 && input.baseline !== undefined && input.baseline.fingerprint === input.fingerprint;
}
