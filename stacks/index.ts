export * from './backend.js';
export * from './cdk-install.js';
export * from './cdk-library.js';
export * from './deployment-record.js';
export * from './environment-stack.js';
export { environmentStackClass, type LibraryOf } from './environment-stack-class.js';
export * from './environments/index.js';
export * from './kubernetes-config.js';
export * from './kubernetes-config-validation.js';
export type { NotifyEvent, NotifyTarget } from './notify-settings.js';
export * from './options/unknown-keys.js';
export * from './project.js';
export type { VerifyHook } from './promotion-settings.js';
export * from './review-settings.js';
// KubernetesStack and its constructs need @cdktf/provider-kubernetes: they are the 'cdktf-gitops/kubernetes' export.
