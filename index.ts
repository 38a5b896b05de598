// The library's public API: authoring (a project, its environments and stacks) and automation (the
// pipeline). The Kubernetes stacks are `cdktf-gitops/kubernetes`, the terraform runner
// `cdktf-gitops/terraform`, the same for CDK Terrain projects `cdktf-gitops/cdktn`.
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
  type PolicyConfig,
} from './stacks/index.js';
export * from './pipeline/index.js';
