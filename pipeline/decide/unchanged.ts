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
 * The successful applies of `stack` in a history that recorded its fingerprint and the state they
 * left, newest first, trusted under `key` (validly signed when there is one). A failed apply is never
 * a baseline: the state it left is not what its configuration describes.
 */
export function baselinesOf(history: readonly HistoryEntry[], stack: string, key: string | undefined): Baseline[] {
  const out: Baseline[] = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i]!;
    if (entry.result !== 'succeeded' || entry.trigger === 'verify' || !trusted(entrySignature(entry, key))) continue;
    const item = entry.stacks.find((s) => s.stack === stack);
    if (item?.fingerprint === undefined || item.lineage === undefined || item.serial === undefined) continue;
    out.push({
      stack,
      fingerprint: item.fingerprint,
      lineage: item.lineage,
      serial: item.serial,
      since: item.since ?? entry.commit,
      entry,
    });
  }
  return out;
}

/** What a verdict compares: the stack's fingerprint, its baselines (newest first), the data sources it reads. */
export interface VerdictInput {
  readonly fingerprint: string;
  readonly baselines: readonly Baseline[];
  readonly reads: readonly string[];
}

/**
 * Whether a stack may skip terraform: one of its baselines recorded this fingerprint and left the
 * state it has now (lineage and serial: any apply, `state rm` or replaced state since changes them).
 * Matching on the state, not on the newest entry, keeps the verdict right when concurrent runs append
 * their entries out of order. `reads` lists data sources that can answer differently with the same
 * configuration: such a stack always plans.
 */
export function changeVerdict(
  input: VerdictInput & {
    /** Its state now; `null`: none; `undefined`: not read (no baseline has its configuration). */
    readonly state?: { readonly lineage?: string; readonly serial?: number } | null;
  },
): ChangeVerdict {
  if (input.reads.length > 0) {
    const more = input.reads.length > 3 ? ` and ${input.reads.length - 3} more` : '';
    return { unchanged: false, reason: `it reads data sources (${input.reads.slice(0, 3).join(', ')}${more})` };
  }
  const newest = input.baselines[0];
  if (!newest) return { unchanged: false, reason: 'no earlier apply recorded its configuration' };
  const same = input.baselines.filter((b) => b.fingerprint === input.fingerprint);
  if (same.length === 0) {
    return { unchanged: false, reason: `its configuration changed since ${newest.since.slice(0, 12)}` };
  }
  const state = input.state;
  const since = same[0]!.since.slice(0, 12);
  if (!state) return { unchanged: false, reason: `its state is gone since ${since}` };
  const match = same.find((b) => b.lineage === state.lineage && b.serial === state.serial);
  if (!match) {
    const was = `lineage ${same[0]!.lineage.slice(0, 8)} serial ${same[0]!.serial}`;
    const now = `lineage ${state.lineage?.slice(0, 8) ?? 'none'} serial ${state.serial ?? 'none'}`;
    return { unchanged: false, reason: `its state changed since ${since} (${was} → ${now})` };
  }
  return { unchanged: true, since: match.since, state: { lineage: match.lineage, serial: match.serial } };
}

/** Whether the verdict needs the stack's current state: a baseline has its configuration, and it reads no data source. */
export function needsState(input: VerdictInput): boolean {
  return input.reads.length === 0 && input.baselines.some((b) => b.fingerprint === input.fingerprint);
}
