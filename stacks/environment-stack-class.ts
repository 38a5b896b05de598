import type { Construct } from 'constructs';
import { addBackend, DEFAULT_BACKEND, type BackendConfig } from './backend.js';
import type { CdkLibrary, StackLike } from './cdk-library.js';
import { addDeploymentRecord } from './deployment-record.js';
import { rejectUnknownKeys, type KeyList } from './options/unknown-keys.js';
import { FINAL_OUTDIR_CONTEXT } from './project.js';
import { stackId, validateStackName } from './stack-names.js';

/** Marks environment stacks across flavours and copies of this module (`Symbol.for`: one registry per process). */
const ENVIRONMENT_STACK_SYMBOL = Symbol.for('cdktf-gitops.EnvironmentStack');

/** Whether `x` is an environment's stack built by any flavour's `EnvironmentStack`. */
export function isEnvironmentStack(x: unknown): x is EnvironmentStackMembers {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[ENVIRONMENT_STACK_SYMBOL] === true;
}

/** Options every environment's stack takes. */
export interface EnvironmentStackProps {
  /** Backend shared by all environments; each environment is its own workspace in it. */
  readonly backend?: BackendConfig;
  /**
   * The stack's name within its environment, for an environment made of several stacks (e.g.
   * `platform`, `services`): the stack is then `<env>-<stack>` and keeps its own state in the
   * environment's workspace (see `addBackend`). Absent: the environment's only stack, named after it.
   */
  readonly stack?: string;
}

/** The keys of {@link EnvironmentStackProps}; any other is an error (an option is added here and in the type above). */
export const ENVIRONMENT_STACK_PROPS_KEYS: KeyList<EnvironmentStackProps> = { backend: true, stack: true };

/** What an environment's stack adds to its library's `TerraformStack`. */
export interface EnvironmentStackMembers {
  /** The environment (and Terraform workspace) this stack is for. */
  readonly environment: string;
  /** The stack's name within its environment; `undefined` for an environment's only, unnamed stack. */
  readonly stackName: string | undefined;
}

/** The `EnvironmentStack` class of a flavour whose `TerraformStack` instances are `S`. */
export interface EnvironmentStackClass<S extends StackLike> {
  new (scope: Construct, environment: string, props?: EnvironmentStackProps): S & EnvironmentStackMembers;
  /** Whether `x` is an environment's stack (of any flavour): what the pipeline runs. */
  isEnvironmentStack(x: unknown): x is S & EnvironmentStackMembers;
  readonly prototype: S & EnvironmentStackMembers;
}

/** A library whose `TerraformStack` instances are `S` (cdktf's or cdktn's module). */
export type LibraryOf<S extends StackLike> = Omit<CdkLibrary, 'TerraformStack'> & {
  readonly TerraformStack: new (scope: Construct, id: string) => S;
};

/**
 * Builds `EnvironmentStack` on `cdk`'s `TerraformStack`: named after the environment (and so
 * synthesized to `cdktf.out/stacks/<env>`, or `<env>-<stack>` for one of several stacks), with the
 * shared backend and the pipeline's deployment record. Called once per flavour
 * (`stacks/environment-stack.ts` for cdktf, `stacks/cdktn.ts` for
 * cdktn), so each has one class and its stacks are that library's own constructs.
 */
export function environmentStackClass<S extends StackLike>(cdk: LibraryOf<S>): EnvironmentStackClass<S> {
  // A plain constructor type (not a type parameter) so TypeScript lets the class extend it.
  const TerraformStack: new (scope: Construct, id: string) => StackLike = cdk.TerraformStack;
  class EnvironmentStack extends TerraformStack implements EnvironmentStackMembers {
    readonly environment: string;
    readonly stackName: string | undefined;

    static isEnvironmentStack(x: unknown): x is EnvironmentStackMembers {
      return isEnvironmentStack(x);
    }

    constructor(scope: Construct, environment: string, props: EnvironmentStackProps = {}) {
      // A subclass has options of its own (KubernetesStack's config): only a plain EnvironmentStack's are known here.
      if (new.target === EnvironmentStack)
        rejectUnknownKeys(props, ENVIRONMENT_STACK_PROPS_KEYS, `EnvironmentStack '${environment}'`);
      if (props.stack !== undefined) validateStackName(props.stack, environment);
      super(scope, stackId(environment, props.stack));
      this.environment = environment;
      this.stackName = props.stack;
      Object.defineProperty(this, ENVIRONMENT_STACK_SYMBOL, { value: true });
      const outdir = (this.node.tryGetContext(FINAL_OUTDIR_CONTEXT) as string | undefined) ?? cdk.App.of(this).outdir;
      addBackend(this, props.backend ?? DEFAULT_BACKEND, outdir, cdk, props.stack);
      addDeploymentRecord(this, cdk);
    }
  }
  return EnvironmentStack as unknown as EnvironmentStackClass<S>;
}
