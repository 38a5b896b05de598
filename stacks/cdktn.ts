import type * as cdktnTypes from 'cdktn';
import type { IConstruct } from 'constructs';
import { addBackend as addBackendWith, type BackendConfig } from './backend.js';
import { requireCdkLibrary } from './cdk-install.js';
import type { StackLike } from './cdk-library.js';
import { addDeploymentRecord as addDeploymentRecordWith } from './deployment-record.js';
import { environmentStackClass, type EnvironmentStackMembers } from './environment-stack-class.js';
import { defineProject as defineProjectWith, type GitopsProject, type GitopsProjectDefinition } from './project.js';

// The cdktn flavour (`cdktf-gitops/cdktn`): the same authoring modules as `cdktf-gitops`, given cdktn.
// Nothing here loads cdktf; a cdktn project's stacks are cdktn constructs.

/** The project's cdktn (a `CdkLibraryMissingError` when it has not installed it). */
const cdktn = requireCdkLibrary<typeof cdktnTypes>('cdktn');

export * from './backend.js';
export * from './cdk-install.js';
export type * from './cdk-library.js';
export * from './deployment-record.js';
export type {
  EnvironmentStackClass,
  EnvironmentStackMembers,
  EnvironmentStackProps,
} from './environment-stack-class.js';
export * from './environments/index.js';
export * from './options/unknown-keys.js';
export * from './project.js';

/**
 * Base class of an environment's stack, a cdktn `TerraformStack`: named after the environment (and
 * so synthesized to `cdktf.out/stacks/<env>`), with the shared backend and the pipeline's deployment
 * record.
 */
export const EnvironmentStack = environmentStackClass(cdktn);
/** An instance of {@link EnvironmentStack}. */
export type EnvironmentStack = cdktnTypes.TerraformStack & EnvironmentStackMembers;

/**
 * Defines a cdktn project; `main.ts` exports the result as `project`. Throws an
 * `EnvironmentConfigError` when the environment names are invalid.
 */
export function defineProject(definition: GitopsProjectDefinition<cdktnTypes.App>): GitopsProject<cdktnTypes.App> {
  return defineProjectWith(definition, cdktn.App);
}

/** Configures a cdktn stack's backend (see `addBackend` of `cdktf-gitops`). */
export function addBackend(stack: StackLike, config: BackendConfig, outdir: string, stackName?: string): void {
  addBackendWith(stack, config, outdir, cdktn, stackName);
}

/** Adds the deployment record to a cdktn stack (see `addDeploymentRecord` of `cdktf-gitops`). */
export function addDeploymentRecord(stack: IConstruct): void {
  addDeploymentRecordWith(stack, cdktn);
}
