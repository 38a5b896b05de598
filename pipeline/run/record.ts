import {
  DEPLOYMENT_RECORD_NAME,
  parseDeploymentRecord,
  type DeploymentRecord,
  type RecordTrigger,
} from '../../stacks/deployment-record-format.js';
import type { CiInfo } from '../ci/index.js';
import type { CommonOptions, Terraform } from '../terraform/index.js';

/** The record as stored (raw JSON string, re-passed unchanged by plan-only stages) and parsed. */
export interface StoredRecord {
  readonly raw: string;
  readonly record?: DeploymentRecord;
}

/** Reads the deployment record from the selected workspace's outputs. */
export async function readRecord(tf: Terraform, opts: CommonOptions = {}): Promise<StoredRecord> {
  const outputs = await tf.output(opts);
  const value = outputs[DEPLOYMENT_RECORD_NAME]?.value;
  const raw = typeof value === 'string' ? value : '';
  const record = parseDeploymentRecord(raw);
  return record ? { raw, record } : { raw };
}

/**
 * The record an apply writes. An unchanged commit, ref and trigger keep the previous record
 * (and its time), so re-running a pipeline on the same commit plans no change.
 */
export function nextRecord(
  previous: DeploymentRecord | undefined,
  next: { commit: string; ref: string; trigger: RecordTrigger; ci: CiInfo; now: Date },
): DeploymentRecord {
  if (previous && previous.commit === next.commit && previous.ref === next.ref && previous.trigger === next.trigger) {
    return previous;
  }
  return {
    version: 1,
    commit: next.commit,
    ref: next.ref,
    trigger: next.trigger,
    time: next.now.toISOString(),
    ...(next.ci.runUrl ? { runUrl: next.ci.runUrl } : {}),
    ...(next.ci.actor ? { actor: next.ci.actor } : {}),
  };
}
