import { Aspects, DataResource, dependable, TerraformOutput, TerraformResource, TerraformVariable, Token } from 'cdktf';
import type { IAspect, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { DEPLOYMENT_RECORD_NAME } from './deployment-record-format.js';

export { DEPLOYMENT_RECORD_NAME, parseDeploymentRecord, type DeploymentRecord } from './deployment-record-format.js';

/**
 * Adds the deployment record to a stack: a `terraform_data` resource fed by a variable that only
 * the pipeline sets, depending on every other resource so it is written only when they all applied.
 * A plain `cdktf deploy` leaves the variable empty and so clears the record: state changed outside
 * the pipeline is never evidence for the promotion gate.
 */
export function addDeploymentRecord(stack: TerraformStack): void {
  const variable = new TerraformVariable(stack, DEPLOYMENT_RECORD_NAME, {
    type: 'string',
    default: '',
    description: 'Set by cdktf-gitops: JSON deployment record of this apply.',
  });
  variable.overrideLogicalId(DEPLOYMENT_RECORD_NAME);
  const record = new DataResource(stack, `${DEPLOYMENT_RECORD_NAME}_resource`, {
    // terraform_data takes any value; cdktf's type says object, the record is a JSON string.
    input: Token.asAny(variable.stringValue),
  });
  record.overrideLogicalId(DEPLOYMENT_RECORD_NAME);
  const output = new TerraformOutput(stack, `${DEPLOYMENT_RECORD_NAME}_output`, {
    value: record.output,
    description: 'The deployment record of the last successful cdktf-gitops apply.',
  });
  output.overrideLogicalId(DEPLOYMENT_RECORD_NAME);
  Aspects.of(stack).add(new DependOnEverything(record));
}

/** Makes the record depend on every other resource of its stack. */
class DependOnEverything implements IAspect {
  private readonly seen = new Set<TerraformResource>();

  constructor(private readonly record: TerraformResource) {}

  visit(node: IConstruct): void {
    if (node === this.record || !TerraformResource.isTerraformResource(node) || this.seen.has(node)) return;
    this.seen.add(node);
    (this.record.dependsOn ??= []).push(dependable(node));
  }
}
