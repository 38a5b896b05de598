import { readFileSync } from 'node:fs';
import { localWorkspaceStateFile } from './local-state.js';

/**
 * A local-backend workspace's state, read from its file instead of a `terraform state pull`
 * process (what that command reads, and as unlocked: `state pull` takes no lock either). `null`:
 * there is no state file, so `state pull` prints nothing either. `undefined` when the file cannot
 * say for sure (another backend, the default workspace, an unreadable, half-written or
 * unknown-format file): the caller then asks terraform. The caller keeps only what it needs (the
 * state holds values in clear).
 */
export function readLocalStateFile(stackDir: string, workspace: string): Record<string, unknown> | null | undefined {
  if (workspace === 'default') return undefined;
  const file = localWorkspaceStateFile(stackDir, workspace);
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    // terraform rewrites the file in place: a concurrent run may be half-way through.
    return undefined;
  }
  if (typeof state !== 'object' || state === null || (state as { version?: unknown }).version !== 4) return undefined;
  return state as Record<string, unknown>;
}

/** The state as `Terraform.statePull` would return it: the file when it can say, else terraform's answer. */
export async function pullState(
  stackDir: string,
  workspace: string | undefined,
  pull: () => Promise<Record<string, unknown> | undefined>,
): Promise<Record<string, unknown> | undefined> {
  const local = workspace === undefined ? undefined : readLocalStateFile(stackDir, workspace);
  if (local === null) return undefined;
  return local ?? (await pull());
}
