import {
  DEPLOYMENT_RECORD_NAME,
  parseDeploymentRecord,
  type DeploymentRecord,
  type RecordTrigger,
} from '../../stacks/deployment-record-format.js';
import type { CiInfo } from '../ci/detect.js';
import { signatureStatus, signValue, type SignatureScope } from '../records/signature.js';
import type { CommonOptions, Terraform } from '../terraform/index.js';
import { readLocalStateFile, stateIdentity, type StateIdentity } from './local-state.js';
import type { StackDir } from './stack-dir.js';

/** The record as stored (raw JSON string, re-passed unchanged by plan-only stages) and parsed. */
export interface StoredRecord {
  readonly raw: string;
  readonly record?: DeploymentRecord;
  /** The state's lineage and serial when it was read (what a history entry that moved the record names). */
  readonly state?: StateIdentity;
}

/**
 * Reads the deployment record of `workspace` (selected in `tf`) and its state's lineage and serial:
 * on the local backend from the state file (no process), else from `terraform state pull`. Only the
 * record output and the identity are kept; no other value of the state.
 */
export async function readRecord(
  stack: StackDir,
  workspace: string,
  tf: Terraform,
  opts: CommonOptions = {},
): Promise<StoredRecord> {
  const local = readLocalStateFile(stack, workspace);
  if (local === null) return { raw: '' };
  const state = local ?? (await tf.statePull(opts));
  if (state === undefined) return { raw: '' };
  const outputs = (state.outputs ?? {}) as Record<string, { value?: unknown } | undefined>;
  const identity = stateIdentity(state);
  return { ...storedRecord(outputs[DEPLOYMENT_RECORD_NAME]?.value), ...(identity.lineage ? { state: identity } : {}) };
}

/** A stored record from the output's value. */
export function storedRecord(value: unknown): StoredRecord {
  const raw = typeof value === 'string' ? value : '';
  const record = parseDeploymentRecord(raw);
  return record ? { raw, record } : { raw };
}

/** What {@link nextRecord} builds a record from. */
export interface NextRecordInput {
  readonly commit: string;
  readonly ref: string;
  readonly trigger: RecordTrigger;
  readonly ci: CiInfo;
  readonly now: Date;
  /** The gate refused and `--override-gate` let the run go on. */
  readonly gateOverridden: boolean;
  /** Where the record lives (what its signature binds it to). */
  readonly scope: SignatureScope;
  /** The record key; absent: the record is unsigned. */
  readonly key: string | undefined;
}

/**
 * The record an apply writes. An unchanged commit, ref, trigger and override keep the previous
 * record (and its time), so re-running a pipeline on the same commit plans no change, unless a key
 * is set and the previous record is not validly signed with it: then the record is signed anew.
 */
export function nextRecord(previous: DeploymentRecord | undefined, next: NextRecordInput): DeploymentRecord {
  const same =
    previous !== undefined &&
    previous.commit === next.commit &&
    previous.ref === next.ref &&
    previous.trigger === next.trigger &&
    (previous.gateOverridden === true) === next.gateOverridden;
  if (same && (next.key === undefined || signatureStatus(previous, next.scope, next.key) === 'valid')) return previous;
  const record: DeploymentRecord = {
    version: 1,
    commit: next.commit,
    ref: next.ref,
    trigger: next.trigger,
    time: same ? previous.time : next.now.toISOString(),
    ...(next.ci.runUrl ? { runUrl: next.ci.runUrl } : {}),
    ...(next.ci.actor ? { actor: next.ci.actor } : {}),
    ...(next.gateOverridden ? { gateOverridden: true as const } : {}),
  };
  return next.key === undefined ? record : signValue(record, next.scope, next.key);
}
