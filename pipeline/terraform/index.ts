export { buildApplyArgs, type ApplyOptions, type ApplyResult } from './apply.js';
export { onPath, productOf, resolveBinary, type ProductInfo, type TerraformProduct } from './binary.js';
export { classifyFailure, failureReason, parseLockInfo, type FailureClass } from './classify.js';
export { buildEnv, type EnvInput } from './env.js';
export {
  StalePlanError,
  TerraformAbortedError,
  TerraformError,
  TerraformLockError,
  TerraformNotFoundError,
  TerraformVersionError,
  WorkspaceMissingError,
  type LockHolder,
  type TerraformErrorInit,
} from './errors.js';
export { parseUiLine, type TerraformEvent, type UiLine } from './events.js';
export { buildForceUnlockArgs, type ForceUnlockOptions } from './force-unlock.js';
export { buildInitArgs, type InitOptions } from './init.js';
export { buildOutputArgs, parseOutputs, type OutputOptions, type OutputValue } from './output.js';
export { buildPlanArgs, type PlanOptions, type PlanResult } from './plan.js';
export { buildShowArgs, summarizePlanJson, type ShowOptions } from './show.js';
export { summarizePlanStream } from './plan-stream.js';
export { redactPlanJson, scrubText, SENSITIVE_MARKER, type SensitiveValues } from './redact.js';
export { buildStatePullArgs, buildStatePushArgs, type StatePullOptions, type StatePushOptions } from './state.js';
export { DEFAULT_GRACE_MS, Terraform, type TerraformOptions } from './terraform.js';
export type { ChangeSummary, CommandResult, CommonOptions, Diagnostic, PlanSummary, ResourceChange } from './types.js';
export {
  buildVersionArgs,
  parseVersion,
  versionAtLeast,
  type TerraformVersion,
  type VersionAnswer,
  type VersionOptions,
} from './version.js';
export {
  buildWorkspaceListArgs,
  buildWorkspaceNewArgs,
  buildWorkspaceSelectArgs,
  buildWorkspaceShowArgs,
  parseWorkspaceList,
  type WorkspaceNewOptions,
  type WorkspaceOptions,
  type WorkspaceSelectOptions,
} from './workspace.js';
