import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type { GitopsProject } from '../stacks/project.js';
import { detectCi, type CiInfo } from './ci/detect.js';
import type { PipelineEvent } from './model.js';
import { recordKeyOf } from './records/signature.js';
import { resolveBinary } from './terraform/binary.js';

/** `-lock-timeout` of every command that takes a state lock, unless the caller says otherwise. */
export const DEFAULT_LOCK_TIMEOUT = '2m';

/** Environment variable that turns the overlap off (`off`: run every stage after the one before). */
export const OVERLAP_ENV = 'CDKTF_GITOPS_OVERLAP';

/** Environment variable that turns the init reuse off (`always`: run `terraform init` in every stage). */
export const INIT_MODE_ENV = 'CDKTF_GITOPS_INIT';

/** The environment and stack a line of raw terraform output comes from. */
export interface OutputUnit {
  readonly environment: string;
  /** For an environment of named stacks. */
  readonly stack?: string;
}

/** Options of `Pipeline.open`. */
export interface PipelineOptions {
  /** The CDKTF project directory (holding `cdktf.json` and `main.ts`). */
  readonly projectDir: string;
  /** The project, when the caller imported it already; default: its entry module is loaded. */
  readonly project?: GitopsProject;
  /**
   * The whole environment the pipeline runs in: CI detection, ref resolution, `TERRAFORM_BINARY`,
   * `TF_PLUGIN_CACHE_DIR`, the record key and terraform's own environment all come from it. It
   * replaces `process.env` (it is not merged over it); default `process.env`.
   */
  readonly env?: NodeJS.ProcessEnv;
  /** Terraform binary; default `TERRAFORM_BINARY`, else `terraform` on PATH, else `tofu`. */
  readonly terraformBinary?: string;
  /** `-lock-timeout` for every command that takes a state lock; default {@link DEFAULT_LOCK_TIMEOUT}. */
  readonly lockTimeout?: string;
  /** Shared provider plugin cache (`TF_PLUGIN_CACHE_DIR`); default that variable. */
  readonly pluginCacheDir?: string;
  /** Typed progress events. */
  readonly onEvent?: (event: PipelineEvent) => void;
  /** Raw terraform output, line by line, with the unit it comes from (absent for commands of no stage). */
  readonly onOutput?: (line: string, stream: 'stdout' | 'stderr', command: string, unit?: OutputUnit) => void;
  /** Run a plan-only stage alongside the applying stage before it; default on unless `CDKTF_GITOPS_OVERLAP=off`. */
  readonly overlap?: boolean;
}

/** Options of a long operation. */
export interface OperationOptions {
  /** Aborting sends SIGINT to the running terraform, which persists state and releases its lock. */
  readonly signal?: AbortSignal;
}

/** Approvals and requirements of the checks between plan and apply (docs/review.md). */
export interface ApplyCheckOptions {
  /** Approve deletes and replacements in protected environments for this run (logged loudly). */
  readonly allowDestroy?: boolean;
  /** Refuse an apply whose plan is not the reviewed one (as the project setting `requireReviewedPlan`). */
  readonly requireReviewedPlan?: boolean;
  /** Apply although a stack's state is not the one the pipeline last applied (lost, emptied, replaced; logged loudly). */
  readonly acceptLostState?: boolean;
  /** EMERGENCY: apply to a frozen environment (logged loudly, kept in its history). */
  readonly ignoreFreeze?: boolean;
}

/** Change detection (docs/change-detection.md): a stack whose configuration and state are unchanged runs no terraform. */
export interface ChangeDetectionOptions {
  /** Plan every stack, as if nothing had been applied before (`--full`). Drift checks always do. */
  readonly full?: boolean;
}

/** Options of `Pipeline.run`. */
export interface RunOptions extends OperationOptions, ApplyCheckOptions, ChangeDetectionOptions {
  /** The Git ref to run for; default: CI variables, then the checkout's HEAD. */
  readonly ref?: string;
  /** Run a deploy tag even though the promotion gate refused it (logged loudly, shown in the result). */
  readonly overrideGate?: boolean;
  /** On a feature branch: plan every environment (a preview) instead of the first only. */
  readonly allEnvironments?: boolean;
  /** Most environments planned at once by a preview; default `os.availableParallelism()`. */
  readonly concurrency?: number;
}

/** Options of `Pipeline.explain`. */
export interface ExplainOptions {
  /** The Git ref to explain; default: CI variables, then the checkout's HEAD. */
  readonly ref?: string;
  /** A feature branch previews every environment (default: the project's `previewAllEnvironments`). */
  readonly allEnvironments?: boolean;
}

/** Options of `Pipeline.drift`. */
export interface DriftOptions extends OperationOptions {
  /** Most environments planned at once; default `os.availableParallelism()`. */
  readonly concurrency?: number;
}

/** Options of `Pipeline.preview`. */
export interface PreviewOptions extends OperationOptions, ChangeDetectionOptions {
  /** The ref named in the result; default the checkout's branch (or `HEAD` when detached). */
  readonly ref?: string;
  /** Most environments planned at once; default `os.availableParallelism()`. */
  readonly concurrency?: number;
}

/** Options of `Pipeline.plan`: one environment, for local use. */
export interface PlanEnvironmentOptions extends OperationOptions, ChangeDetectionOptions {}

/** Options of `Pipeline.apply`: one environment, for local use (recorded as trigger `manual`). */
export interface ApplyEnvironmentOptions extends OperationOptions, ApplyCheckOptions, ChangeDetectionOptions {}

/** Every setting of a pipeline with its default applied: resolved once, in `Pipeline.open`. */
export interface Settings {
  /** The project directory, absolute. */
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly ci: CiInfo;
  /** The terraform (or OpenTofu) binary every runner starts. */
  readonly binary: string;
  readonly lockTimeout: string;
  /** The shared provider plugin cache, absolute and created: every stack directory sees the same one. */
  readonly pluginCacheDir: string | undefined;
  /** terraform's `TF_DATA_DIR` (relative to each stack directory); default `.terraform`. */
  readonly dataDir: string;
  /** Skip `terraform init` where the directory's last init had the same inputs. */
  readonly reuseInit: boolean;
  readonly overlap: boolean;
  /** Most environments (or stacks) run at once. */
  readonly concurrency: number;
  /** The record key: records are signed with it and only signed ones are trusted. */
  readonly recordKey: string | undefined;
  readonly onEvent: (event: PipelineEvent) => void;
  readonly onOutput: PipelineOptions['onOutput'];
}

/** The pipeline's settings from its options and its environment: the only place defaults live. */
export function resolveOptions(options: PipelineOptions): Settings {
  const env = options.env ?? process.env;
  const projectDir = path.resolve(options.projectDir);
  return {
    projectDir,
    env,
    ci: detectCi(env),
    binary: options.terraformBinary ?? resolveBinary(env),
    lockTimeout: options.lockTimeout ?? DEFAULT_LOCK_TIMEOUT,
    pluginCacheDir: ensureDir(options.pluginCacheDir ?? env.TF_PLUGIN_CACHE_DIR, projectDir),
    dataDir: env.TF_DATA_DIR || '.terraform',
    reuseInit: env[INIT_MODE_ENV] !== 'always',
    overlap: options.overlap ?? env[OVERLAP_ENV] !== 'off',
    concurrency: availableParallelism(),
    recordKey: recordKeyOf(env),
    onEvent: options.onEvent ?? (() => undefined),
    onOutput: options.onOutput,
  };
}

/**
 * Creates the shared provider plugin cache when missing (terraform reports a missing one and then
 * silently does not cache); a relative directory is taken from the project directory.
 */
function ensureDir(dir: string | undefined, projectDir: string): string | undefined {
  if (dir === undefined || dir === '') return undefined;
  const abs = path.resolve(projectDir, dir);
  mkdirSync(abs, { recursive: true });
  return abs;
}
