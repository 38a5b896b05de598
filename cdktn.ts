// `cdktf-gitops/cdktn`: authoring for CDK Terrain (cdktn) projects, and the same pipeline library as
// `cdktf-gitops`. A cdktn project's main.ts imports EnvironmentStack and defineProject from here.
export * from './stacks/cdktn.js';
export * from './pipeline/index.js';
