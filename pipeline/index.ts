// The pipeline's public API: the classes, their options, results, events and errors. Argument
// builders, parsers and other internals are imported from their modules by the tests only.
export { ConfigError, ExitCode, GateRefusedError } from './errors.js';
export { GitError, type GitErrorKind } from './git/index.js';
export { RefError, type Action, type StagePlan, type Trigger, type TriggerKind } from './refs/index.js';
export {
  DEFAULT_LOCK_TIMEOUT,
  Pipeline,
  type ApplyEnvironmentOptions,
  type ExplainOptions,
  type OperationOptions,
  type PipelineOptions,
  type PlanEnvironmentOptions,
  type RunOptions,
} from './run/pipeline.js';
export { explainFromRecord, explainProject } from './run/explain.js';
export type {
  ChangeCounts,
  EnvironmentStatus,
  ExplainResult,
  GateResult,
  PipelineEvent,
  RunResult,
  StageResult,
  StageStatus,
} from './run/types.js';
export {
  DEFAULT_GRACE_MS,
  StalePlanError,
  Terraform,
  TerraformAbortedError,
  TerraformError,
  TerraformLockError,
  TerraformNotFoundError,
  TerraformVersionError,
  WorkspaceMissingError,
  type ApplyOptions,
  type ApplyResult,
  type ChangeSummary,
  type CommandResult,
  type CommonOptions,
  type Diagnostic,
  type ForceUnlockOptions,
  type InitOptions,
  type LockHolder,
  type OutputOptions,
  type OutputValue,
  type PlanOptions,
  type PlanResult,
  type PlanSummary,
  type ResourceChange,
  type ShowOptions,
  type StatePushOptions,
  type TerraformErrorInit,
  type TerraformEvent,
  type TerraformOptions,
  type TerraformVersion,
  type VersionOptions,
  type WorkspaceNewOptions,
  type WorkspaceOptions,
} from './terraform/index.js';
export { explainToJson, runToJson, stageToJson, statusToJson } from './report/json.js';
export { runToMarkdown, SUMMARY_LIMIT } from './report/markdown.js';
export { previewToMarkdown, type PreviewMarkdownOptions } from './report/preview-markdown.js';
export { driftToJson, driftToMarkdown } from './drift/markdown.js';
export type { DriftCheckRecord, DriftResult, DriftStatus, EnvironmentDrift } from './drift/types.js';
export { main as runCli, type Io as CliIo } from './cli/main.js';
export type { GuardResult, DestroyApproval } from './run/destroy-guard.js';
export type { ReviewResult, ReviewedPlan } from './run/review.js';
export type { PolicyConfig, PolicyResult } from './run/policy.js';
