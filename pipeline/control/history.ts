import { ConfigError } from '../errors.js';
import { readHistory } from '../execute/stage-runs.js';
import { publicEntry, type HistoryEntry } from '../records/history.js';
import type { Session } from '../session.js';
import { known } from './freeze.js';

/** Options of {@link readHistories}. */
export interface HistoryOptions {
  /** One environment; default every one. */
  readonly environment?: string;
  /** Most entries returned; default 50. */
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

/** Entries a history listing returns unless told otherwise. */
export const DEFAULT_HISTORY_LIMIT = 50;

/** The applies (and later verifications) of one environment or of all, newest first. */
export async function readHistories(session: Session, opts: HistoryOptions = {}): Promise<HistoryEntry[]> {
  if (opts.environment !== undefined) known(session, opts.environment);
  const limit = opts.limit ?? DEFAULT_HISTORY_LIMIT;
  if (!Number.isInteger(limit) || limit < 1)
    throw new ConfigError(`--limit must be a positive integer, got '${limit}'`);
  const setup = await session.terraform(opts);
  session.synth();
  const environments = opts.environment !== undefined ? [opts.environment] : session.environments;
  const all: HistoryEntry[] = [];
  for (const environment of environments) all.push(...(await readHistory(session, setup, environment, opts.signal)));
  // Newest first; entries of one time keep their order (a history is appended in time order).
  return all
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => Date.parse(b.entry.time) - Date.parse(a.entry.time) || b.i - a.i)
    .slice(0, limit)
    .map((x) => publicEntry(x.entry));
}
