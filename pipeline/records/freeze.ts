import { signValue } from './signature.js';

/** Metadata key (pipeline/stackdir/metadata.ts) of an environment's freeze. */
export const FREEZE_KEY = 'freeze';

/** A freeze of an environment: every apply to it is refused while it holds. */
export interface FreezeRecord {
  readonly version: 1;
  readonly environment: string;
  readonly reason: string;
  /** Who froze it: the CI actor, else the local user. */
  readonly by: string;
  /** When (ISO 8601). */
  readonly at: string;
  /** When it ends by itself (ISO 8601); absent: until `unfreeze`. */
  readonly until?: string;
  readonly signature?: string;
}

/** A stored freeze; anything else (`null` after an unfreeze, another version) reads as none. */
export function parseFreeze(value: unknown): FreezeRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const f = value as Record<string, unknown>;
  if (f.version !== 1 || typeof f.environment !== 'string' || typeof f.reason !== 'string') return undefined;
  if (typeof f.by !== 'string' || typeof f.at !== 'string') return undefined;
  if (f.until !== undefined && typeof f.until !== 'string') return undefined;
  return value as FreezeRecord;
}

/**
 * The freeze that holds at `now`, if any: one whose `until` has passed has ended by itself. A freeze
 * only ever restricts, so one without a valid signature still holds (a forged one can only refuse).
 */
export function activeFreeze(freeze: FreezeRecord | undefined, now: Date): FreezeRecord | undefined {
  if (!freeze) return undefined;
  return freeze.until !== undefined && Date.parse(freeze.until) <= now.getTime() ? undefined : freeze;
}

/** A new freeze, signed with `key` when there is one. */
export function newFreeze(
  input: { environment: string; reason: string; by: string; at: Date; until?: Date | undefined },
  key: string | undefined,
): FreezeRecord {
  const freeze: FreezeRecord = {
    version: 1,
    environment: input.environment,
    reason: input.reason,
    by: input.by,
    at: input.at.toISOString(),
    ...(input.until ? { until: input.until.toISOString() } : {}),
  };
  return key === undefined ? freeze : signValue(freeze, { kind: 'freeze', environment: input.environment }, key);
}

/** One line for a refusal and for `status`: who froze it, since when, until when, and why. */
export function describeFreeze(f: FreezeRecord): string {
  return `${f.environment} is frozen by ${f.by} since ${f.at}${f.until ? ` until ${f.until}` : ''}: ${f.reason}`;
}
