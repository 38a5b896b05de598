import * as cdktf from 'cdktf';
import { environmentStackClass, type EnvironmentStackMembers } from './environment-stack-class.js';

export type {
  EnvironmentStackClass,
  EnvironmentStackMembers,
  EnvironmentStackProps,
} from './environment-stack-class.js';

/**
 * Base class of an environment's stack (a cdktf `TerraformStack`): named after the environment (and
 * so synthesized to `cdktf.out/stacks/<env>`), with the shared backend and the pipeline's deployment
 * record. `cdktf-gitops/cdktn` exports the same class built on cdktn.
 */
export const EnvironmentStack = environmentStackClass(cdktf);
/** An instance of {@link EnvironmentStack}. */
export type EnvironmentStack = cdktf.TerraformStack & EnvironmentStackMembers;
