// The record's name and format, without cdktf: the CLI and the pipeline read records without loading cdktf.
/** Name shared by the record's variable, resource and output in every environment's state. */
export const DEPLOYMENT_RECORD_NAME = 'cdktf_gitops_deployment';

/** Whether a resource address is the pipeline's own deployment record (left out of counts and reports). */
export function isDeploymentRecordAddress(address: string): boolean {
  return address === `terraform_data.${DEPLOYMENT_RECORD_NAME}`;
}

/** What made an apply: the main branch, a deploy tag, or a local `apply --env`. */
export type RecordTrigger = 'main' | 'deploy-tag' | 'manual';

/** What a successful pipeline apply writes into an environment's state. */
export interface DeploymentRecord {
  /** Record format version. */
  readonly version: 1;
  /** Full SHA of the applied commit. */
  readonly commit: string;
  /** Full Git ref that triggered the apply, e.g. `refs/heads/main`. */
  readonly ref: string;
  /** Trigger kind that applied it: one of {@link RecordTrigger} (a string as read back from state). */
  readonly trigger: string;
  /** ISO 8601 time of the run that first applied this commit and ref. */
  readonly time: string;
  /** CI run URL, when the run happened in a recognized CI system. */
  readonly runUrl?: string;
  /** Who started the CI run, when known. */
  readonly actor?: string;
  /** The promotion gate refused this apply and `--override-gate` let it go on: not evidence for the next gate. */
  readonly gateOverridden?: true;
  /** HMAC of the other members, the environment and the stack, when the run had a record key. */
  readonly signature?: string;
}

/** Parses a record read back from state; `undefined` when absent, empty or not ours. */
export function parseDeploymentRecord(value: unknown): DeploymentRecord | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const r = parsed as Record<string, unknown>;
  if (r.version !== 1 || typeof r.commit !== 'string' || typeof r.ref !== 'string') return undefined;
  if (typeof r.trigger !== 'string' || typeof r.time !== 'string') return undefined;
  return {
    version: 1,
    commit: r.commit,
    ref: r.ref,
    trigger: r.trigger,
    time: r.time,
    ...(typeof r.runUrl === 'string' ? { runUrl: r.runUrl } : {}),
    ...(typeof r.actor === 'string' ? { actor: r.actor } : {}),
    ...(r.gateOverridden === true ? { gateOverridden: true as const } : {}),
    ...(typeof r.signature === 'string' ? { signature: r.signature } : {}),
  };
}
