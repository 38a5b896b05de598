import type * as cdktf from 'cdktf';
import { requireCdkLibrary } from './cdk-install.js';
import { environmentStackClass, type EnvironmentStackMembers } from './environment-stack-class.js';

export type {
  EnvironmentStackClass,
  EnvironmentStackMembers,
  EnvironmentStackProps,
} from './environment-stack-class.js';

/**
 * Base class of an environment's stack (a cdktf `TerraformStack`): named after the environment (and
 * so synthesized to `cdktf.out/stacks/<env>`), with the shared backend and the pipeline's deployment
 * record. `cdktf-gitops/cdktn` exports the same class built on cdktn. Loading it throws a
 * `CdkLibraryMissingError` when the project has not installed cdktf.
 */
export const EnvironmentStack = environmentStackClass(requireCdkLibrary<typeof cdktf>('cdktf'));
/** An instance of {@link EnvironmentStack}. */
export type EnvironmentStack = cdktf.TerraformStack & EnvironmentStackMembers;
