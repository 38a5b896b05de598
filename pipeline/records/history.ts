import { signatureStatus, signValue, trusted, type SignatureStatus } from './signature.js';

/** Metadata key (pipeline/stackdir/metadata.ts) of an environment's apply history. */
export const HISTORY_KEY = 'history';

/** Most entries kept per environment; the oldest go first. */
export const HISTORY_LIMIT = 200;

/** What the state of one stack was after an apply: a later lineage or a lower serial means it was replaced. */
export interface StackStateIdentity {
  /** The stack's name (the environment's name for its only, unnamed stack). */
  readonly stack: string;
  readonly lineage?: string;
  readonly serial?: number;
  /**
   * Its change fingerprint (pipeline/stackdir/fingerprint.ts) when applied: what change detection
   * compares with. It digests the values of secret variables too: kept in the backend, never printed.
   */
  readonly fingerprint?: string;
  /** Set when this apply moved the record only (the stack was unchanged): the commit whose apply ran terraform. */
  readonly since?: string;
}

/** An entry as `history` shows it: without the fingerprints (they digest secret variables). */
export function publicEntry(entry: HistoryEntry): HistoryEntry {
  if (!entry.stacks.some((s) => s.fingerprint !== undefined)) return entry;
  return { ...entry, stacks: entry.stacks.map(({ fingerprint: _f, ...rest }) => rest) };
}

/** An approval an apply needed and got (each is logged loudly when given). */
export type ApplyApproval = 'allow-destroy' | 'accept-lost-state' | 'ignore-freeze';

/** What the verification hooks said after an apply (outputs are not kept here). */
export interface EntryVerification {
  readonly status: 'passed' | 'failed';
  /** When the hooks ran (ISO 8601). */
  readonly time: string;
  readonly checks: readonly {
    readonly name: string;
    readonly status: 'passed' | 'failed';
    readonly exitCode?: number;
  }[];
}

/**
 * One pipeline apply of an environment (all its stacks), as its history keeps it; or, with trigger
 * `verify`, a later run of the verification hooks against the commit it runs (`cdktf-gitops verify`).
 */
export interface HistoryEntry {
  readonly version: 1;
  readonly environment: string;
  readonly commit: string;
  readonly ref: string;
  /** `main`, `deploy-tag`, `manual` (`apply --env`) or `verify`. */
  readonly trigger: string;
  /** ISO 8601 time the apply ended. */
  readonly time: string;
  /** `failed`: terraform failed part-way; only `succeeded` entries are evidence for the gate. */
  readonly result: 'succeeded' | 'failed';
  readonly actor?: string;
  readonly runUrl?: string;
  /** The promotion gate refused and `--override-gate` let the apply go on: evidence only for overridden runs. */
  readonly gateOverridden?: true;
  /** Approvals the apply used. */
  readonly approvals?: readonly ApplyApproval[];
  /** Each stack's state after the apply. */
  readonly stacks: readonly StackStateIdentity[];
  /** What the verification hooks said (absent: the project has none for this environment, or they did not run). */
  readonly verification?: EntryVerification;
  readonly signature?: string;
}

/** The entries of a stored history that read as entries (oldest first); anything else reads as none. */
export function parseHistory(value: unknown): HistoryEntry[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isEntry);
}

/** `history` with `entry` appended (signed with `key` when there is one), cut to the newest {@link HISTORY_LIMIT}. */
export function appendHistory(
  history: readonly HistoryEntry[],
  entry: Omit<HistoryEntry, 'signature'>,
  key: string | undefined,
): HistoryEntry[] {
  const signed = key === undefined ? entry : signValue(entry, historyScope(entry.environment), key);
  return [...history, signed].slice(-HISTORY_LIMIT);
}

/** Whether an entry's signature is valid under `key` (`no-key` when the run has none). */
export function entrySignature(entry: HistoryEntry, key: string | undefined): SignatureStatus {
  return signatureStatus(entry, historyScope(entry.environment), key);
}

/** Triggers whose applies validate a commit for the next environment (`apply --env` does not). */
export const PIPELINE_TRIGGERS: ReadonlySet<string> = new Set(['main', 'deploy-tag']);

/**
 * Whether an entry is evidence that its environment applied its commit through the pipeline: a
 * successful main or deploy-tag apply, trusted under `key`, and not one the gate refused unless the
 * run asking is overridden too.
 */
export function isEvidence(entry: HistoryEntry, key: string | undefined, overridden: boolean): boolean {
  return (
    entry.result === 'succeeded' &&
    PIPELINE_TRIGGERS.has(entry.trigger) &&
    (entry.gateOverridden !== true || overridden) &&
    trusted(entrySignature(entry, key))
  );
}

/** The newest entry that recorded `stack`'s state (a failed apply's too: it changed the state). */
export function lastStateOf(
  history: readonly HistoryEntry[],
  stack: string,
  key: string | undefined,
): (StackStateIdentity & { readonly entry: HistoryEntry }) | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i]!;
    if (!trusted(entrySignature(entry, key))) continue;
    const state = entry.stacks.find((s) => s.stack === stack);
    if (state?.lineage !== undefined) return { ...state, entry };
  }
  return undefined;
}

function historyScope(environment: string) {
  return { kind: 'history-entry', environment } as const;
}

function isEntry(v: unknown): v is HistoryEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    e.version === 1 &&
    typeof e.environment === 'string' &&
    typeof e.commit === 'string' &&
    typeof e.ref === 'string' &&
    typeof e.trigger === 'string' &&
    typeof e.time === 'string' &&
    (e.result === 'succeeded' || e.result === 'failed') &&
    Array.isArray(e.stacks) &&
    e.stacks.every((s) => typeof s === 'object' && s !== null && typeof (s as { stack?: unknown }).stack === 'string')
  );
}

/**
 * The newest verification of `commit` in a history: of its apply, or of a later `verify` run;
 * only trusted entries count.
 */
export function verificationOf(
  history: readonly HistoryEntry[],
  commit: string,
  key: string | undefined,
): EntryVerification | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const e = history[i]!;
    if (e.commit === commit && e.verification && trusted(entrySignature(e, key))) return e.verification;
  }
  return undefined;
}

/** The newest evidence that the environment applied `commit` (see {@link isEvidence}). */
export function lastApplyOf(
  history: readonly HistoryEntry[],
  commit: string,
  key: string | undefined,
  overridden = false,
): HistoryEntry | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const e = history[i]!;
    if (e.commit === commit && isEvidence(e, key, overridden)) return e;
  }
  return undefined;
}
