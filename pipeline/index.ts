// The pipeline's public API: the class, its options, results, events and errors, and the report
// helpers. The terraform runner is `cdktf-gitops/terraform`; everything else is internal.
export { ConfigError, ExitCode, GateRefusedError } from './errors.js';
export { GitError } from './git/errors.js';
export { RefError } from './refs/errors.js';
export { TerraformError } from './terraform/errors.js';
export { Pipeline } from './pipeline.js';
export type {
  ApplyCheckOptions,
  ApplyEnvironmentOptions,
  DriftOptions,
  ExplainOptions,
  OperationOptions,
  PipelineOptions,
  PlanEnvironmentOptions,
  PreviewOptions,
  RunOptions,
} from './options.js';
export type {
  ChangeCounts,
  DriftResult,
  EnvironmentDrift,
  EnvironmentStatus,
  ExplainResult,
  GateResult,
  GuardResult,
  PipelineEvent,
  PolicyResult,
  ReviewResult,
  RunResult,
  StackResult,
  StackStatus,
  StageResult,
  StageStatus,
  Verification,
} from './model.js';
export { explainToJson, runToJson, statusToJson } from './report/json.js';
export { runToMarkdown } from './report/markdown.js';
export { previewToMarkdown } from './report/preview-markdown.js';
export { driftToJson, driftToMarkdown } from './drift/markdown.js';
export { renderStatusPage } from './report/status-page/page.js';
export type { StatusModel } from './report/status-model.js';
export type { FreezeRecord } from './records/freeze.js';
export type { HistoryEntry } from './records/history.js';
export type { VerifyResult } from './control/verify.js';
