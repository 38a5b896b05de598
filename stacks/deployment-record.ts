import type { IConstruct } from 'constructs';
import { cdktfLibrary, type CdkLibrary, type ResourceLike } from './cdk-library.js';

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
}

/**
 * Adds the deployment record to a stack: a `terraform_data` resource fed by a variable that only
 * the pipeline sets, depending on every other resource so it is written only when they all applied.
 * A plain `cdktf deploy` leaves the variable empty and so clears the record: state changed outside
 * the pipeline is never evidence for the promotion gate. `cdk` is the stack's library (default cdktf;
 * `cdktf-gitops/cdktn` passes cdktn).
 */
export function addDeploymentRecord(stack: IConstruct, cdk: RecordLibrary = cdktfLibrary()): void {
  const { Aspects, DataResource, TerraformOutput, TerraformVariable, Token } = cdk;
  const variable = new TerraformVariable(stack, DEPLOYMENT_RECORD_NAME, {
    type: 'string',
    default: '',
    description: 'Set by cdktf-gitops: JSON deployment record of this apply.',
  });
  variable.overrideLogicalId(DEPLOYMENT_RECORD_NAME);
  const record = new DataResource(stack, `${DEPLOYMENT_RECORD_NAME}_resource`, {
    // terraform_data takes any value; cdktf's type says object, the record is a JSON string.
    input: Token.asAny(variable.stringValue) as Record<string, unknown>,
  });
  record.overrideLogicalId(DEPLOYMENT_RECORD_NAME);
  const output = new TerraformOutput(stack, `${DEPLOYMENT_RECORD_NAME}_output`, {
    value: record.output,
    description: 'The deployment record of the last successful cdktf-gitops apply.',
  });
  output.overrideLogicalId(DEPLOYMENT_RECORD_NAME);
  Aspects.of(stack).add(new DependOnEverything(record, cdk));
}

/** The library parts {@link addDeploymentRecord} uses. */
export type RecordLibrary = Pick<
  CdkLibrary,
  'Aspects' | 'DataResource' | 'TerraformOutput' | 'TerraformVariable' | 'Token' | 'TerraformResource' | 'dependable'
>;

/** Makes the record depend on every other resource of its stack. */
class DependOnEverything {
  private readonly seen = new Set<IConstruct>();

  constructor(
    private readonly record: ResourceLike,
    private readonly cdk: RecordLibrary,
  ) {}

  visit(node: IConstruct): void {
    if (node === this.record || !this.cdk.TerraformResource.isTerraformResource(node) || this.seen.has(node)) return;
    this.seen.add(node);
    (this.record.dependsOn ??= []).push(this.cdk.dependable(node as IConstruct & { fqn: string }));
  }
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
  };
}
