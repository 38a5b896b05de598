// `cdktf-gitops/cdktn`: authoring for CDK Terrain (cdktn) projects, and the same pipeline library as
// `cdktf-gitops`. A cdktn project's main.ts imports EnvironmentStack and defineProject from here;
// nothing of it loads cdktf.
export {
  CdkLibraryMissingError,
  defineEnvironments,
  defineProject,
  EnvironmentConfigError,
  EnvironmentStack,
  isEntrypoint,
  REMOVE,
  UnknownOptionError,
  type BackendConfig,
  type EnvironmentStackProps,
  type Environments,
  type EnvironmentsDefinition,
  type GitopsProject,
  type GitopsProjectDefinition,
} from './stacks/cdktn.js';
export type { PolicyConfig } from './stacks/review-settings.js';
export * from './pipeline/index.js';
