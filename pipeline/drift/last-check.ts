import type { DriftCheckRecord, EnvironmentDrift } from '../model.js';

/** Key of the last drift check in an environment's metadata store (pipeline/stackdir/metadata.ts). */
export const DRIFT_METADATA_KEY = 'drift';

/** What an environment's check leaves for `status`; undefined for an environment that was not checked. */
export function driftCheckRecord(env: EnvironmentDrift, checkedAt: string): DriftCheckRecord | undefined {
  if (env.commit === null) return undefined;
  const stacks = env.stacks?.map((s) => ({ stack: s.stack, result: resultOf(s) }));
  return {
    time: checkedAt,
    result: resultOf(env),
    commit: env.commit,
    changes: env.changes,
    ...(stacks ? { stacks } : {}),
  };
}

function resultOf(check: Pick<EnvironmentDrift, 'error' | 'drift'>): DriftCheckRecord['result'] {
  return check.error ? 'failed' : check.drift ? 'drift' : 'no-drift';
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
  // Each stack's result, when the check kept them and they read as such.
  const stacks = Array.isArray(v.stacks)
    ? v.stacks.filter(
        (k) =>
          k &&
          typeof k.stack === 'string' &&
          (k.result === 'drift' || k.result === 'no-drift' || k.result === 'failed'),
      )
    : undefined;
  return {
    time: v.time,
    result: v.result,
    commit: v.commit,
    changes,
    ...(stacks && stacks.length > 0 ? { stacks: stacks.map((k) => ({ stack: k.stack, result: k.result })) } : {}),
  };
}
