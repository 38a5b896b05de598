// 'cdktf-gitops/kubernetes': the Kubernetes stacks and constructs, apart from the core so that only
// projects that use them need @cdktf/provider-kubernetes (an optional peer dependency).
export * from './stacks/constructs/index.js';
export * from './stacks/kubernetes-stack.js';
export * from './stacks/kubernetes-config.js';
export * from './stacks/kubernetes-config-validation.js';
