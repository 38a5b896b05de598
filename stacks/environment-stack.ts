import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { addBackend, DEFAULT_BACKEND, type BackendConfig } from './backend.js';
import { addDeploymentRecord } from './deployment-record.js';
import { FINAL_OUTDIR_CONTEXT } from './project.js';

/** Options every environment's stack takes. */
export interface EnvironmentStackProps {
  /** Backend shared by all environments; each environment is its own workspace in it. */
  readonly backend?: BackendConfig;
}

/**
 * Base class of an environment's stack: named after the environment (and so synthesized to
 * `cdktf.out/stacks/<env>`), with the shared backend and the pipeline's deployment record.
 */
export class EnvironmentStack extends TerraformStack {
  /** The environment (and Terraform workspace) this stack is for. */
  readonly environment: string;

  constructor(scope: Construct, environment: string, props: EnvironmentStackProps = {}) {
    super(scope, environment);
    this.environment = environment;
    const outdir = (this.node.tryGetContext(FINAL_OUTDIR_CONTEXT) as string | undefined) ?? App.of(this).outdir;
    addBackend(this, props.backend ?? DEFAULT_BACKEND, outdir);
    addDeploymentRecord(this);
  }
}
