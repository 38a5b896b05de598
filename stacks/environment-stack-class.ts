import type { Construct } from 'constructs';
import { addBackend, DEFAULT_BACKEND, type BackendConfig } from './backend.js';
import type { CdkLibrary, StackLike } from './cdk-library.js';
import { addDeploymentRecord } from './deployment-record.js';
import { FINAL_OUTDIR_CONTEXT } from './project.js';

/** Options every environment's stack takes. */
export interface EnvironmentStackProps {
  /** Backend shared by all environments; each environment is its own workspace in it. */
  readonly backend?: BackendConfig;
}

/** What an environment's stack adds to its library's `TerraformStack`. */
export interface EnvironmentStackMembers {
  /** The environment (and Terraform workspace) this stack is for. */
  readonly environment: string;
}

/** The `EnvironmentStack` class of a flavour whose `TerraformStack` instances are `S`. */
export interface EnvironmentStackClass<S extends StackLike> {
  new (scope: Construct, environment: string, props?: EnvironmentStackProps): S & EnvironmentStackMembers;
  readonly prototype: S & EnvironmentStackMembers;
}

/** A library whose `TerraformStack` instances are `S` (cdktf's or cdktn's module). */
export type LibraryOf<S extends StackLike> = Omit<CdkLibrary, 'TerraformStack'> & {
  readonly TerraformStack: new (scope: Construct, id: string) => S;
};

/**
 * Builds `EnvironmentStack` on `cdk`'s `TerraformStack`: named after the environment (and so
 * synthesized to `cdktf.out/stacks/<env>`), with the shared backend and the pipeline's deployment
 * record. Called once per flavour (`stacks/environment-stack.ts` for cdktf, `stacks/cdktn.ts` for
 * cdktn), so each has one class and its stacks are that library's own constructs.
 */
export function environmentStackClass<S extends StackLike>(cdk: LibraryOf<S>): EnvironmentStackClass<S> {
  // A plain constructor type (not a type parameter) so TypeScript lets the class extend it.
  const TerraformStack: new (scope: Construct, id: string) => StackLike = cdk.TerraformStack;
  class EnvironmentStack extends TerraformStack implements EnvironmentStackMembers {
    readonly environment: string;

    constructor(scope: Construct, environment: string, props: EnvironmentStackProps = {}) {
      super(scope, environment);
      this.environment = environment;
      const outdir = (this.node.tryGetContext(FINAL_OUTDIR_CONTEXT) as string | undefined) ?? cdk.App.of(this).outdir;
      addBackend(this, props.backend ?? DEFAULT_BACKEND, outdir, cdk);
      addDeploymentRecord(this, cdk);
    }
  }
  return EnvironmentStack as unknown as EnvironmentStackClass<S>;
}
