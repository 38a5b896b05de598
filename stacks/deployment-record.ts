import type { IConstruct } from 'constructs';
import { cdktfLibrary, type CdkLibrary, type ResourceLike } from './cdk-library.js';
import { DEPLOYMENT_RECORD_NAME } from './deployment-record-format.js';

export {
  DEPLOYMENT_RECORD_NAME,
  isDeploymentRecordAddress,
  parseDeploymentRecord,
  type DeploymentRecord,
  type RecordTrigger,
} from './deployment-record-format.js';

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
    this.record.dependsOn ??= [];
    this.record.dependsOn.push(this.cdk.dependable(node as IConstruct & { fqn: string }));
  }
}
