import * as path from 'node:path';
import { apply, type ApplyOptions, type ApplyResult } from './apply.js';
import { productOf, resolveBinary, type ProductInfo } from './binary.js';
import type { CommandContext } from './context.js';
import { buildEnv } from './env.js';
import type { TerraformEvent } from './events.js';
import { execTerraform, type ExecRequest, type ExecSettings } from './exec.js';
import { forceUnlock, type ForceUnlockOptions } from './force-unlock.js';
import { init, type InitOptions } from './init.js';
import { output, type OutputOptions, type OutputValue } from './output.js';
import { plan, type PlanOptions, type PlanResult } from './plan.js';
import { show, showPlanJson, showRedactedPlan, type ShowOptions } from './show.js';
import type { SensitiveValues } from './redact.js';
import { statePull, statePush, type StatePullOptions, type StatePushOptions } from './state.js';
import type { CommandResult, CommonOptions, PlanSummary } from './types.js';
import { askVersion, requireVersion, version, type TerraformVersion, type VersionAnswer } from './version.js';
import * as workspace from './workspace.js';

/** Default SIGINT → SIGKILL grace: long enough for terraform to persist state and unlock. */
export const DEFAULT_GRACE_MS = 30_000;

/** How a {@link Terraform} runner runs terraform. */
export interface TerraformOptions {
  /** Directory holding the configuration (the synthesized `cdk.tf.json`). */
  workingDir: string;
  /**
   * Binary to run; default `TERRAFORM_BINARY`, else `terraform` on PATH, else `tofu` on PATH (OpenTofu).
   * A binary named `tofu` is OpenTofu: messages name it and the pipeline wants OpenTofu >= 1.6.
   */
  binary?: string;
  /**
   * Environment merged over `process.env` (as it is at construction) before hygiene; `undefined`
   * removes a variable. With `extendEnv: false` it is the whole environment instead.
   */
  env?: Record<string, string | undefined>;
  /** `false`: `env` replaces `process.env` instead of being merged over it (as in execa); default `true`. */
  extendEnv?: boolean;
  /** Sets `TF_PLUGIN_CACHE_DIR` (the directory must exist). */
  pluginCacheDir?: string;
  /** Default `-lock-timeout` for commands that lock, e.g. `30s`. */
  lockTimeout?: string;
  /** How long to wait after SIGINT before SIGKILL when aborted; default 30000. */
  graceMs?: number;
  /** Every raw output line (not of `show`/`output`, whose stdout holds sensitive values). */
  onOutput?: (line: string, stream: 'stdout' | 'stderr', command: string) => void;
  /** Typed events. */
  onEvent?: (event: TerraformEvent) => void;
}

/**
 * A typed, cancellable terraform runner for one working directory (after hashicorp/terraform-exec
 * and Pulumi's Automation API). Every call runs one terraform process.
 */
export class Terraform {
  /** The working directory, absolute. */
  readonly workingDir: string;
  /** The binary this runner starts. */
  readonly binary: string;
  /** Whether {@link binary} is terraform or OpenTofu, its command name and minimum version. */
  readonly product: ProductInfo;
  /** The provider plugin cache its processes use (`TF_PLUGIN_CACHE_DIR` as passed to them), if any. */
  readonly pluginCacheDir: string | undefined;
  private readonly ctx: CommandContext;

  constructor(options: TerraformOptions) {
    this.workingDir = path.resolve(options.workingDir);
    const base = options.extendEnv === false ? {} : process.env;
    const env = buildEnv({ base, extra: options.env, pluginCacheDir: options.pluginCacheDir });
    // Looked up with the PATH terraform is started with.
    this.binary = options.binary ?? resolveBinary(env);
    this.product = productOf(this.binary);
    this.pluginCacheDir = env.TF_PLUGIN_CACHE_DIR || undefined;
    const settings: ExecSettings = {
      binary: this.binary,
      product: this.product,
      cwd: this.workingDir,
      env,
      graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
      onOutput: options.onOutput,
      onEvent: options.onEvent,
    };
    const exec = (request: ExecRequest) => execTerraform(settings, request);
    this.ctx = { exec, lockTimeout: options.lockTimeout, product: this.product };
  }

  /** `terraform version -json`. */
  version(opts?: CommonOptions): Promise<TerraformVersion> {
    return version(this.ctx, opts);
  }

  /** `terraform version -json`, with the command's result (to check later: {@link Terraform.requireVersion}). */
  askVersion(opts?: CommonOptions): Promise<VersionAnswer> {
    return askVersion(this.ctx, opts);
  }

  /**
   * The installed version, or a TerraformVersionError naming `feature` when older than `min`;
   * `answer` is an {@link Terraform.askVersion} already under way, checked instead of asking again.
   */
  requireVersion(
    min: string,
    feature: string,
    opts?: CommonOptions,
    answer?: Promise<VersionAnswer>,
  ): Promise<TerraformVersion> {
    return requireVersion(this.ctx, min, feature, opts, answer);
  }

  /**
   * The installed version, or a TerraformVersionError when older than the oldest release the pipeline
   * supports (terraform 1.4: `workspace select -or-create`, `terraform_data`; OpenTofu 1.6).
   */
  requireSupportedVersion(opts?: CommonOptions, answer?: Promise<VersionAnswer>): Promise<TerraformVersion> {
    return requireVersion(this.ctx, this.product.minimumVersion, this.product.minimumFor, opts, answer);
  }

  /** `terraform init -input=false -no-color …`. */
  init(opts?: InitOptions): Promise<CommandResult> {
    return init(this.ctx, opts);
  }

  /** The selected workspace. */
  workspaceShow(opts?: CommonOptions): Promise<string> {
    return workspace.workspaceShow(this.ctx, opts);
  }

  /** All workspaces. */
  workspaceList(opts?: CommonOptions): Promise<string[]> {
    return workspace.workspaceList(this.ctx, opts);
  }

  /** Selects a workspace; WorkspaceMissingError when it does not exist (`orCreate`: creates it, one process). */
  workspaceSelect(name: string, opts?: workspace.WorkspaceSelectOptions): Promise<void> {
    return workspace.workspaceSelect(this.ctx, name, opts);
  }

  /** Creates and selects a workspace. */
  workspaceNew(name: string, opts?: workspace.WorkspaceNewOptions): Promise<void> {
    return workspace.workspaceNew(this.ctx, name, opts);
  }

  /** Selects a workspace, creating it when missing. */
  workspaceSelectOrCreate(name: string, opts?: workspace.WorkspaceNewOptions): Promise<{ created: boolean }> {
    return workspace.workspaceSelectOrCreate(this.ctx, name, opts);
  }

  /** Plans into a saved plan file; exit code 2 is `hasChanges`, not an error. */
  plan(opts: PlanOptions): Promise<PlanResult> {
    return plan(this.ctx, opts);
  }

  /** The value-free summary of a saved plan. */
  show(planFile: string, opts?: ShowOptions): Promise<PlanSummary> {
    return show(this.ctx, planFile, opts);
  }

  /** A saved plan as `show -json`, sensitive values redacted (safe to hand to a policy command). */
  showPlanJson(planFile: string, opts?: ShowOptions): Promise<Record<string, unknown>> {
    return showPlanJson(this.ctx, planFile, opts);
  }
  /** {@link showPlanJson}, and the sensitive values it replaced. */
  showRedactedPlan(
    planFile: string,
    opts?: ShowOptions,
  ): Promise<{ plan: Record<string, unknown>; secrets: SensitiveValues }> {
    return showRedactedPlan(this.ctx, planFile, opts);
  }

  /** Applies a saved plan (and only a saved plan); StalePlanError when the state moved since. */
  apply(planFile: string, opts?: ApplyOptions): Promise<ApplyResult> {
    return apply(this.ctx, planFile, opts);
  }

  /** Root outputs of the selected workspace, `sensitive` flags kept. */
  output(opts?: OutputOptions): Promise<Record<string, OutputValue>> {
    return output(this.ctx, opts);
  }

  /** The selected workspace's state, or `opts.workspace`'s (values in clear: never print it); `undefined` when it has none. */
  statePull(opts?: StatePullOptions): Promise<Record<string, unknown> | undefined> {
    return statePull(this.ctx, opts);
  }

  /** Writes a state file to the selected workspace (no `-force`: serial and lineage are checked). */
  statePush(file: string, opts?: StatePushOptions): Promise<void> {
    return statePush(this.ctx, file, opts);
  }

  /** Removes a state lock by ID. */
  forceUnlock(lockId: string, opts?: ForceUnlockOptions): Promise<void> {
    return forceUnlock(this.ctx, lockId, opts);
  }
}
