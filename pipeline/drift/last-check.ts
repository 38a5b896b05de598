import type { DriftCheckRecord, EnvironmentDrift } from './types.js';

/** Key of the last drift check in an environment's metadata store (pipeline/run/metadata.ts). */
export const DRIFT_METADATA_KEY = 'drift';

/** What an environment's check leaves for `status`; undefined for an environment that was not checked. */
export function driftCheckRecord(env: EnvironmentDrift, checkedAt: string): DriftCheckRecord | undefined {
  if (env.commit === null) return undefined;
  const result = env.error ? 'failed' : env.drift ? 'drift' : 'no-drift';
  return { time: checkedAt, result, commit: env.commit, changes: env.changes };
}

/** A stored drift check read back, or undefined when it is missing or not one (written by another version). */
export function parseDriftCheckRecord(value: unknown): DriftCheckRecord | undefined {
  const v = value as Partial<DriftCheckRecord> | undefined;
  if (!v || typeof v !== 'object' || typeof v.time !== 'string' || typeof v.commit !== 'string') return undefined;
  if (v.result !== 'drift' && v.result !== 'no-drift' && v.result !== 'failed') return undefined;
  const c = v.changes;
  const changes =
    c && typeof c === 'object'
      ? { add: Number(c.add) || 0, change: Number(c.change) || 0, destroy: Number(c.destroy) || 0 }
      : { add: 0, change: 0, destroy: 0 };
  return { time: v.time, result: v.result, commit: v.commit, changes };
}
