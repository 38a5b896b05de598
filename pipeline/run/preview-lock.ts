import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Backends on which a plan may read the state without its lock (`-lock=false`), so a preview never
 * makes an apply wait. pg reads a state with one `SELECT data … WHERE name = $1` and writes it with
 * one `INSERT … ON CONFLICT DO UPDATE` (terraform's internal/backend/remote-state/pg/client.go):
 * PostgreSQL's MVCC gives a reader the old row or the new one, never a mix.
 *
 * Not the local backend: terraform rewrites a local state file in place (`Truncate(0)`, then
 * write; internal/states/statemgr/filesystem.go says so in a TODO), and a reader that opens it in
 * between reads an empty file, which terraform takes for "no state": a plan that silently proposes
 * to create everything. Previews there take the lock and wait (`-lock-timeout`) for an apply.
 * s3, gcs and azurerm are not verified here, so they take the lock too.
 */
export const LOCK_FREE_PLAN_BACKENDS: ReadonlySet<string> = new Set(['pg']);

/** The backend type of a synthesized stack (`local`, `pg`, …); undefined when it declares none. */
export function stackBackendType(stackDir: string): string | undefined {
  try {
    const config = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
      terraform?: { backend?: object };
    };
    return Object.keys(config.terraform?.backend ?? {})[0];
  } catch {
    return undefined;
  }
}

/** Whether a read-only plan (preview, drift check) of this stack must take the state lock. */
export function readOnlyPlanLocks(stackDir: string): boolean {
  const type = stackBackendType(stackDir);
  return type === undefined || !LOCK_FREE_PLAN_BACKENDS.has(type);
}
