import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { StackDir } from './stack-dir.js';

/** A state's identity: a later lineage means it was replaced, a lower serial that it is an older copy. */
export interface StateIdentity {
  readonly lineage?: string;
  readonly serial?: number;
}

/**
 * Gives a local-backend workspace a state file (empty, but a file with content, readable by its
 * owner only) before terraform touches it, and says whether this call created it. Terraform deletes
 * a state file it created itself if it is still empty when it unlocks, and a run waiting on the
 * deleted file's lock then works on an orphan while a third creates a new file: two applies of one
 * change on a fresh workspace. A file that already has content is never deleted, so the lock stays
 * one lock.
 */
export function ensureLocalWorkspaceState(stack: StackDir, workspace: string, terraformVersion: string): boolean {
  const file = stack.localStateFile(workspace);
  if (file === undefined || existsSync(file)) return false;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const state = {
    version: 4,
    terraform_version: terraformVersion,
    serial: 0,
    lineage: randomUUID(),
    outputs: {},
    resources: [],
    check_results: null,
  };
  const tmp = `${file}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  try {
    // link() publishes the complete file or fails with EEXIST: concurrent runs agree on one lineage.
    linkSync(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * A local-backend workspace's state, read from its file instead of a `terraform state pull`
 * process (what that command reads, and as unlocked: `state pull` takes no lock either). `null`:
 * there is no state file, so `state pull` prints nothing either. `undefined` when the file cannot
 * say for sure (another backend, the default workspace, an unreadable, half-written or
 * unknown-format file): the caller then asks terraform. The caller keeps only what it needs (the
 * state holds values in clear).
 */
export function readLocalStateFile(stack: StackDir, workspace: string): Record<string, unknown> | null | undefined {
  if (workspace === 'default') return undefined;
  const file = stack.localStateFile(workspace);
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
  stack: StackDir,
  workspace: string,
  pull: () => Promise<Record<string, unknown> | undefined>,
): Promise<Record<string, unknown> | undefined> {
  const local = readLocalStateFile(stack, workspace);
  if (local === null) return undefined;
  return local ?? (await pull());
}

/** Only lineage and serial of a pulled state (the rest holds values in clear and is dropped here). */
export function stateIdentity(state: Record<string, unknown> | undefined): StateIdentity {
  return {
    ...(typeof state?.lineage === 'string' ? { lineage: state.lineage } : {}),
    ...(typeof state?.serial === 'number' ? { serial: state.serial } : {}),
  };
}
