import { setTimeout as delay } from 'node:timers/promises';
import { TerraformAbortedError, TerraformError, TerraformLockError, type CommonOptions } from '../terraform/index.js';

/** How often a step that lost a race to a concurrent run is tried. */
const RACE_ATTEMPTS = 5;
/** Pause before the next attempt, times the attempt number. */
const RACE_BACKOFF_MS = 200;

/**
 * What a concurrent run creating the same backend objects makes terraform print: pg's
 * `CREATE … IF NOT EXISTS` racing in the system catalogs, pg's workspace-creation lock, and a
 * workspace created between our `workspace list` and `workspace new`. The only text matching here.
 */
const CREATION_RACES = [
  /duplicate key value violates unique constraint "pg_/,
  /pq: (type|relation|schema|sequence) "[^"]*" already exists/,
  /already locked for workspace creation/i,
  /Workspace ".*" already exists/,
];

/**
 * Whether `error` is a transient race with a concurrent run, over once that run's step is done:
 * a creation race (see above), or a lock error without lock info. terraform gives up on the latter
 * at once, ignoring `-lock-timeout`: the local backend raises it between another run's `flock`
 * and its writing (or after its removing) of the lock info file.
 */
export function isTransientRace(error: unknown): boolean {
  if (!(error instanceof TerraformError) || error instanceof TerraformAbortedError) return false;
  const text = `${error.message}\n${error.result?.stderr ?? ''}`;
  // pg's workspace-creation lock comes as a lock error with (this run's own) lock info: still a race.
  if (CREATION_RACES.some((pattern) => pattern.test(text))) return true;
  return error instanceof TerraformLockError && error.lockId === undefined;
}

/** Runs `fn`, again (a few times, backing off) while it fails with a {@link isTransientRace transient race}. */
export async function retryRaces<T>(fn: () => Promise<T>, opts: CommonOptions = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= RACE_ATTEMPTS || !isTransientRace(error) || opts.signal?.aborted) throw error;
      await delay(RACE_BACKOFF_MS * attempt);
    }
  }
}
