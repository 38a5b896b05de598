// 'cdktf-gitops/terraform': the typed terraform runner on its own (after hashicorp/terraform-exec): one
// module per subcommand, argument builders, typed errors and events, cancellation.
export * from './pipeline/terraform/index.js';
