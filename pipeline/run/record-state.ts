import { readFileSync } from 'node:fs';
import { DEPLOYMENT_RECORD_NAME, parseDeploymentRecord } from '../../stacks/deployment-record.js';
import { localWorkspaceStateFile } from './local-state.js';
import type { StoredRecord } from './record.js';

/**
 * The deployment record of a local-backend workspace, read from its state file instead of a
 * `terraform output` process (what that command reads, and as unlocked). `undefined` when the
 * file cannot say for sure (another backend, the default workspace, an unreadable, half-written
 * or unknown-format file): the caller then asks terraform. Only the record output is read; no other
 * value of the state is kept.
 */
export function readRecordFromLocalState(stackDir: string, workspace: string): StoredRecord | undefined {
  if (workspace === 'default') return undefined;
  const file = localWorkspaceStateFile(stackDir, workspace);
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    // No state file: terraform has no outputs for this workspace either.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { raw: '' } : undefined;
  }
  let state: { version?: unknown; outputs?: Record<string, { value?: unknown }> };
  try {
    state = JSON.parse(text) as typeof state;
  } catch {
    // terraform rewrites the file in place: a concurrent run may be half-way through.
    return undefined;
  }
  if (typeof state !== 'object' || state === null || state.version !== 4) return undefined;
  const value = state.outputs?.[DEPLOYMENT_RECORD_NAME]?.value;
  const raw = typeof value === 'string' ? value : '';
  const record = parseDeploymentRecord(raw);
  return record ? { raw, record } : { raw };
}
