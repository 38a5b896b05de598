import { DEPLOYMENT_RECORD_NAME, parseDeploymentRecord } from '../../stacks/deployment-record.js';
import { readLocalStateFile } from './local-state-read.js';
import type { StoredRecord } from './record.js';

/**
 * The deployment record of a local-backend workspace, read from its state file instead of a
 * `terraform output` process (what that command reads, and as unlocked). `undefined` when the
 * file cannot say for sure (see {@link readLocalStateFile}): the caller then asks terraform. Only
 * the record output is read; no other value of the state is kept.
 */
export function readRecordFromLocalState(stackDir: string, workspace: string): StoredRecord | undefined {
  const state = readLocalStateFile(stackDir, workspace);
  if (state === undefined) return undefined;
  // No state file: terraform has no outputs for this workspace either.
  if (state === null) return { raw: '' };
  const outputs = state.outputs as Record<string, { value?: unknown } | undefined> | undefined;
  const value = outputs?.[DEPLOYMENT_RECORD_NAME]?.value;
  const raw = typeof value === 'string' ? value : '';
  const record = parseDeploymentRecord(raw);
  return record ? { raw, record } : { raw };
}
