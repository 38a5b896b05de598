// `cdktf-gitops/cdktn`: authoring for CDK Terrain (cdktn) projects, and the same pipeline library as
// `cdktf-gitops`. A cdktn project's main.ts imports EnvironmentStack and defineProject from here.
export {
  CdkLibraryMissingError,
  defineEnvironments,
  EnvironmentConfigError,
  isEntrypoint,
  REMOVE,
  UnknownOptionError,
  type BackendConfig,
  type EnvironmentStackProps,
  type Environments,
  type EnvironmentsDefinition,
  type GitopsProject,
  type GitopsProjectDefinition,
  type PolicyConfig,
} from './stacks/index.js';
export { defineProject, EnvironmentStack } from './stacks/cdktn.js';
export * from './pipeline/index.js';
