import type { GitopsProject } from '../../stacks/project.js';
import { detectCi, type CiInfo } from '../ci/index.js';
import { ConfigError, GateRefusedError } from '../errors.js';
import { headBranchRef } from '../git/index.js';
import { importProjectInProcess } from '../project/import-entry.js';
import { loadProject, type LoadedProject } from '../project/load.js';
import { synthesize, type SynthResult } from '../project/synth.js';
import {
  classifyRef,
  planStages,
  previousEnvironment,
  resolveRef,
  validateRef,
  type RefContext,
  type StagePlan,
  type Trigger,
} from '../refs/index.js';
import { Terraform, WorkspaceMissingError, type TerraformOptions } from '../terraform/index.js';
import { planChecks, type PlanCheckSettings } from './checks.js';
import { protectedEnvironments } from './destroy-guard.js';
import { checkPromotionGate } from './gate.js';
import { reuseInitFor, type ReuseInit } from './init-cache.js';
import type { MetadataTarget } from './metadata.js';
import { ensurePluginCacheDir } from './plugin-cache.js';
import { readRecord } from './record.js';
import { initStack, runStage, StageFailedError } from './stage.js';
import { NO_CHANGES, type EnvironmentStatus, type ExplainResult, type GateResult, type PipelineEvent, type RunResult, type StageResult } from './types.js';
import { checkoutCommit } from './worktree.js';

/** Options of {@link Pipeline.open}. */
export interface PipelineOptions {
  /** The CDKTF project directory (holding `cdktf.json` and `main.ts`). */
  readonly projectDir: string;
  /** The project, when the caller imported it already; default: `main.ts` is loaded through tsx. */
  readonly project?: GitopsProject;
  /**
   * The whole environment the pipeline runs in, resolved once in {@link Pipeline.open}: CI
   * detection, ref resolution, `TERRAFORM_BINARY`, `TF_PLUGIN_CACHE_DIR` and terraform's own
   * environment all come from it. It replaces `process.env` (it is not merged over it); default `process.env`.
   */
  readonly env?: NodeJS.ProcessEnv;
  /** Terraform binary; default `TERRAFORM_BINARY` or `terraform` on PATH. */
  readonly terraformBinary?: string;
  /** `-lock-timeout` for every command that takes a state lock; default `2m`. */
  readonly lockTimeout?: string;
  /** Shared provider plugin cache (`TF_PLUGIN_CACHE_DIR`). */
  readonly pluginCacheDir?: string;
  /** Typed progress events. */
  readonly onEvent?: (event: PipelineEvent) => void;
  /** Raw terraform output, line by line. */
  readonly onOutput?: TerraformOptions['onOutput'];
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
}

/** Options of {@link Pipeline.run}. */
export interface RunOptions extends OperationOptions, ApplyCheckOptions {
  /** The Git ref to run for; default: CI variables, then the checkout's HEAD. */
  readonly ref?: string;
  /** Run a deploy tag even though the promotion gate refused it (logged loudly, shown in the result). */
  readonly overrideGate?: boolean;
}

/** `-lock-timeout` of every command that takes a state lock, unless {@link PipelineOptions.lockTimeout} says otherwise. */
export const DEFAULT_LOCK_TIMEOUT = '2m';

/** Minimum terraform: `workspace select -or-create` and `terraform_data` arrived in 1.4. */
const MIN_TERRAFORM = '1.4.0';

/** The GitOps pipeline of one project: what a ref means, running it, and what each environment records. */
export class Pipeline {
  private synthResult: SynthResult | undefined;
  /** Set once terraform's version is known: what an init's reuse depends on besides the stack. */
  private reuseInit: ReuseInit | undefined;
  /** The checked version of the terraform this pipeline runs. */
  private terraformVersion: string | undefined;
  /** The shared plugin cache, absolute: every stack directory must see the same one. */
  private pluginCacheDir: string | undefined;

  private constructor(
    /** The loaded project. */
    readonly project: LoadedProject,
    private readonly options: PipelineOptions,
    private readonly ci: CiInfo,
  ) {}

  /** Loads the project in `options.projectDir` (throws {@link ConfigError} when it is not one). */
  static async open(options: PipelineOptions): Promise<Pipeline> {
    const project = await loadProject(options.projectDir, options.project ?? (await importProjectInProcess(options.projectDir)));
    const env = options.env ?? process.env;
    const pipeline = new Pipeline(project, { ...options, env }, detectCi(env));
    pipeline.pluginCacheDir = ensurePluginCacheDir(options.pluginCacheDir ?? env.TF_PLUGIN_CACHE_DIR, project.dir);
    return pipeline;
  }

  /** Environment names in promotion order. */
  get environments(): readonly string[] {
    return this.project.project.environments;
  }

  /** The environment resolved in {@link Pipeline.open}. */
  private get env(): NodeJS.ProcessEnv {
    return this.options.env!;
  }

  private get refContext(): RefContext {
    return { environments: this.environments, mainBranch: this.project.project.mainBranch };
  }

  /** What a ref would do; runs nothing. */
  async explain(opts: { ref?: string } = {}): Promise<ExplainResult> {
    const { ref, trigger } = await this.trigger(opts.ref);
    return { ref, trigger: trigger.kind, ...(trigger.kind === 'none' ? { message: trigger.reason } : {}), stages: planStages(trigger, this.refContext) };
  }

  /** Synthesizes every environment's stack (once per pipeline). */
  synth(): SynthResult {
    this.synthResult ??= synthesize(this.project, this.terraformVersion ? { terraformVersion: this.terraformVersion } : {});
    this.emit({ type: 'synth', durationMs: this.synthResult.durationMs });
    return this.synthResult;
  }

  /** Runs the pipeline for a ref: docs/design.md's ref table, with the promotion gate for deploy tags. */
  async run(opts: RunOptions = {}): Promise<RunResult> {
    const started = performance.now();
    const { ref, trigger } = await this.trigger(opts.ref);
    const stages = planStages(trigger, this.refContext);
    const base = { ref, trigger: trigger.kind };
    if (trigger.kind === 'none') {
      return { ...base, commit: await checkoutCommit(this.project.dir, ref, false), status: 'nothing-to-do', message: trigger.reason, stages: [], durationMs: performance.now() - started };
    }
    const applies = stages.some((s) => s.actions.includes('apply'));
    // terraform's version check runs alongside git's; git's errors still come first.
    const terraformChecked = this.requireTerraform(opts);
    terraformChecked.catch(() => undefined);
    const commit = await checkoutCommit(this.project.dir, ref, applies);
    // terraform first: its version, already checked, then answers cdktf's check during synth.
    await terraformChecked;
    const { stackDirs } = this.synth();
    let gate: GateResult | undefined;
    if (trigger.kind === 'deploy-tag') {
      gate = await this.gate(trigger, commit, stackDirs, opts);
      this.emit({ type: 'gate', result: gate });
      if (!gate.passed && !gate.overridden) {
        return { ...base, commit, status: 'refused', message: gate.message, gate, stages: stages.map(skipped), durationMs: performance.now() - started };
      }
    }
    const results: StageResult[] = [];
    let failure: string | undefined;
    let refusal: string | undefined;
    for (const plan of stages) {
      if (failure !== undefined || refusal !== undefined) {
        results.push(skipped(plan));
        continue;
      }
      try {
        const result = await this.stage(plan, stackDirs[plan.environment]!, commit, ref, trigger.kind, opts);
        results.push(result);
        if (result.status === 'refused') refusal = `${plan.environment}: ${result.refusal ?? 'refused before apply'}`;
      } catch (error) {
        if (!(error instanceof StageFailedError)) throw error;
        results.push(error.stage);
        failure = `${plan.environment}: ${error.stage.error?.message ?? error.message}`;
      }
    }
    const message = failure ?? refusal;
    return {
      ...base,
      commit,
      status: failure !== undefined ? 'failed' : refusal !== undefined ? 'refused' : 'succeeded',
      ...(message !== undefined ? { message } : {}),
      ...(gate ? { gate } : {}),
      stages: results,
      durationMs: performance.now() - started,
    };
  }

  /** Plans (`apply: false`) or plans and applies one environment, for local use; records trigger `manual`. */
  async runEnvironment(environment: string, apply: boolean, opts: OperationOptions & ApplyCheckOptions = {}): Promise<StageResult> {
    if (!this.environments.includes(environment)) {
      throw new ConfigError(`unknown environment '${environment}'; known: ${this.environments.join(', ')}`);
    }
    const commit = await checkoutCommit(this.project.dir, 'HEAD', apply);
    const ref = (await headBranchRef(this.project.dir)) ?? 'HEAD';
    // terraform first: its version, already checked, then answers cdktf's check during synth.
    await this.requireTerraform(opts);
    const { stackDirs } = this.synth();
    const plan: StagePlan = { environment, workspace: environment, actions: apply ? ['init', 'workspace-select', 'plan', 'apply'] : ['init', 'workspace-select', 'plan'] };
    try {
      return await this.stage(plan, stackDirs[environment]!, commit, ref, 'manual', opts);
    } catch (error) {
      if (error instanceof StageFailedError) return error.stage;
      throw error;
    }
  }

  /** Per environment: whether its workspace exists and the record of its last pipeline apply. */
  async status(opts: OperationOptions = {}): Promise<EnvironmentStatus[]> {
    const { stackDirs } = this.synth();
    const statuses: EnvironmentStatus[] = [];
    for (const environment of this.environments) {
      const stored = await this.readStoredRecord(stackDirs[environment]!, environment, opts);
      statuses.push({ environment, workspace: environment, exists: stored !== undefined, ...(stored?.record ? { record: stored.record } : {}) });
    }
    return statuses;
  }

  private async trigger(explicit: string | undefined): Promise<{ ref: string; trigger: Trigger }> {
    const resolved = await resolveRef({ ...(explicit !== undefined ? { ref: explicit } : {}), env: this.env, cwd: this.project.dir });
    validateRef(resolved.ref);
    return { ref: resolved.ref, trigger: classifyRef(resolved.ref, this.refContext) };
  }

  private async gate(trigger: Extract<Trigger, { kind: 'deploy-tag' }>, commit: string, stackDirs: Readonly<Record<string, string>>, opts: RunOptions): Promise<GateResult> {
    const previous = previousEnvironment(trigger.environment, this.refContext)!;
    try {
      const stored = await this.readStoredRecord(stackDirs[previous]!, previous, opts);
      const message = await checkPromotionGate({
        cwd: this.project.dir,
        commit,
        tag: trigger.tag,
        environment: trigger.environment,
        mainBranch: this.project.project.mainBranch,
        previousEnvironment: previous,
        previousRecord: stored?.record,
      });
      return { passed: true, overridden: false, message };
    } catch (error) {
      if (!(error instanceof GateRefusedError)) throw error;
      if (opts.overrideGate) {
        this.emit({ type: 'warning', message: `PROMOTION GATE OVERRIDDEN: ${error.message}` });
      }
      return { passed: false, overridden: opts.overrideGate === true, message: error.message };
    }
  }

  /** Reads an environment's record without creating its workspace; `undefined` when the workspace does not exist. */
  private async readStoredRecord(stackDir: string, environment: string, opts: OperationOptions) {
    const tf = new Terraform(this.terraformOptions(stackDir));
    const signal = opts.signal ? { signal: opts.signal } : {};
    await initStack(tf, stackDir, this.reuseInit, signal);
    try {
      await tf.workspaceSelect(environment, signal);
    } catch (error) {
      if (error instanceof WorkspaceMissingError) return undefined;
      throw error;
    }
    return readRecord(tf, signal);
  }

  /** Where `environment`'s metadata (reviewed plans, drift checks) is kept; checks terraform first if needed. */
  protected async metadataTarget(environment: string, stackDir: string, opts: OperationOptions = {}): Promise<MetadataTarget> {
    if (this.terraformVersion === undefined) await this.requireTerraform(opts);
    const { workingDir: _unused, ...terraform } = this.terraformOptions(stackDir);
    return {
      stackDir,
      environment,
      terraform,
      terraformVersion: this.terraformVersion!,
      ...(this.reuseInit ? { reuseInit: this.reuseInit } : {}),
    };
  }

  private stage(plan: StagePlan, stackDir: string, commit: string, ref: string, trigger: string, opts: OperationOptions & ApplyCheckOptions): Promise<StageResult> {
    const { workingDir: _unused, ...terraform } = this.terraformOptions(stackDir);
    const checkPlan = planChecks(this.checkSettings(plan, stackDir, commit, ref, trigger, opts));
    return runStage(plan, {
      checkPlan,
      stackDir,
      commit,
      ref,
      trigger,
      ci: this.ci,
      terraform,
      emit: (e) => this.emit(e),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(this.reuseInit ? { reuseInit: this.reuseInit } : {}),
      ...(this.terraformVersion ? { terraformVersion: this.terraformVersion } : {}),
    });
  }

  /**
   * What the checks between plan and apply do for one stage. A plan of an environment after the
   * first is recorded as reviewed on `main` and deploy tags (the next deploy tag applies it); an
   * apply of such an environment (deploy tag, or `apply --env`) is compared with that record.
   */
  private checkSettings(
    plan: StagePlan,
    stackDir: string,
    commit: string,
    ref: string,
    trigger: string,
    opts: OperationOptions & ApplyCheckOptions,
  ): PlanCheckSettings {
    const p = this.project.project;
    const later = this.environments.indexOf(plan.environment) > 0;
    const applies = plan.actions.includes('apply');
    const records = !applies && later && (trigger === 'main' || trigger === 'deploy-tag');
    const review = applies && later ? 'check' : records ? 'record' : undefined;
    return {
      environment: plan.environment,
      stackDir,
      commit,
      ref,
      projectDir: this.project.dir,
      env: this.env,
      protected: protectedEnvironments(this.environments, p.protectedEnvironments).includes(plan.environment),
      allowDestroy: opts.allowDestroy === true,
      policies: p.policies ?? [],
      ...(review ? { review } : {}),
      requireReviewedPlan: opts.requireReviewedPlan === true || p.requireReviewedPlan === true,
      metadata: () => this.metadataTarget(plan.environment, stackDir, opts),
      ...(this.ci.runUrl ? { runUrl: this.ci.runUrl } : {}),
      emit: (e) => this.emit(e),
    };
  }

  /** Checks terraform's version and, unless turned off, lets stages reuse earlier inits. */
  private async requireTerraform(opts: OperationOptions): Promise<void> {
    const tf = new Terraform(this.terraformOptions(this.project.dir));
    const { version } = await tf.requireVersion(MIN_TERRAFORM, 'workspace select -or-create and terraform_data', opts);
    this.terraformVersion = version;
    this.reuseInit = reuseInitFor(`${tf.binary} ${version}`, this.env);
  }

  private terraformOptions(workingDir: string): TerraformOptions {
    const o = this.options;
    return {
      workingDir,
      lockTimeout: o.lockTimeout ?? DEFAULT_LOCK_TIMEOUT,
      env: this.env,
      extendEnv: false,
      ...(o.terraformBinary ? { binary: o.terraformBinary } : {}),
      ...(this.pluginCacheDir ? { pluginCacheDir: this.pluginCacheDir } : {}),
      ...(o.onOutput ? { onOutput: o.onOutput } : {}),
    };
  }

  private emit(event: PipelineEvent): void {
    this.options.onEvent?.(event);
  }
}

function skipped(plan: StagePlan): StageResult {
  return { environment: plan.environment, workspace: plan.workspace, actions: plan.actions, status: 'skipped', changes: NO_CHANGES, resourceChanges: [], durationMs: 0 };
}
