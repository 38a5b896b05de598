import type { GitopsProject } from '../../stacks/project.js';
import { detectCi, type CiInfo } from '../ci/index.js';
import { ConfigError, GateRefusedError } from '../errors.js';
import { headBranchRef } from '../git/index.js';
import { importProjectInProcess } from '../project/import-entry.js';
import { loadProject, type LoadedProject } from '../project/load.js';
import { synthesize, synthesizeIf, type SynthOptions, type SynthResult } from '../project/synth.js';
import { InputRecorder, type ProjectLayout } from '../project/build-record.js';
import { keepPendingBundles } from '../project/bundle-cache.js';
import { explainRef, previewsAll, PREVIEW_ACTIONS, triggerOf, type ExplainOptions } from './explain.js';
import {
  classifyRef,
  planStages,
  previousEnvironment,
  validateRef,
  type RefContext,
  type StagePlan,
  type Trigger,
} from '../refs/index.js';
import { Terraform, WorkspaceMissingError, type TerraformOptions, type VersionAnswer } from '../terraform/index.js';
import { DEFAULT_LOCK_TIMEOUT } from './defaults.js';
import { planChecks, type PlanCheckSettings } from './checks.js';
import { protectedEnvironments } from './destroy-guard.js';
import { checkPromotionGate } from './gate.js';
import { reuseInitFor, type ReuseInit } from './init-cache.js';
import type { MetadataTarget } from './metadata.js';
import { ensurePluginCacheDir } from './plugin-cache.js';
import { readRecord } from './record.js';
import { overlapEnabled, runStages, skipped, type StageIo } from './overlap.js';
import { initStack, runStage, StageFailedError, type StageContext } from './stage.js';
import { runEnvironmentStage } from './environment-stage.js';
import { environmentRecord, type EnvironmentRecord } from './environment-record.js';
import { appHasNamedStacks, hasNamedStacks, type EnvironmentStackInfo } from '../project/environment-stacks.js';
import * as path from 'node:path';
import type { EnvironmentStatus, ExplainResult, GateResult, PipelineEvent, RunResult, StageResult } from './types.js';
import { checkoutCommit } from './worktree.js';
import { availableParallelism } from 'node:os';
import { mapBounded } from './bounded.js';
import { readOnlyPlanLocks } from './preview-lock.js';
import { checkDrift, type DriftTarget } from '../drift/check.js';
import { DRIFT_METADATA_KEY, driftCheckRecord, parseDriftCheckRecord } from '../drift/last-check.js';
import type { DriftResult } from '../drift/types.js';
import { readMetadata, updateMetadata, writeMetadata } from './metadata.js';
import {
  appendHistory,
  HISTORY_KEY,
  lastStateOf,
  parseHistory,
  type ApplyApproval,
  type HistoryEntry,
} from '../records/history.js';
import { pullState } from './local-state-read.js';
import { stateIdentity } from './review.js';
import { lostState } from './state-continuity.js';
import { recordKeyOf, signatureStatus, type SignatureStatus } from '../records/signature.js';
import { isRepository } from '../git/index.js';

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
}

/** Options of {@link Pipeline.run}. */
export interface RunOptions extends OperationOptions, ApplyCheckOptions {
  /** The Git ref to run for; default: CI variables, then the checkout's HEAD. */
  readonly ref?: string;
  /** Run a deploy tag even though the promotion gate refused it (logged loudly, shown in the result). */
  readonly overrideGate?: boolean;
  /** On a feature branch: plan every environment (a preview) instead of the first only. */
  readonly allEnvironments?: boolean;
  /** Most environments planned at once by a preview; default `os.availableParallelism()`. */
  readonly concurrency?: number;
}

/** Options of {@link Pipeline.drift}. */
export interface DriftOptions extends OperationOptions {
  /** Most environments planned at once; default `os.availableParallelism()`. */
  readonly concurrency?: number;
}

/** Options of {@link Pipeline.preview}. */
export interface PreviewOptions extends OperationOptions {
  /** The ref named in the result; default the checkout's branch (or `HEAD` when detached). */
  readonly ref?: string;
  /** Most environments planned at once; default `os.availableParallelism()`. */
  readonly concurrency?: number;
}

export { DEFAULT_LOCK_TIMEOUT } from './defaults.js';

/** Options of {@link Pipeline.explain}. */
export type { ExplainOptions } from './explain.js';

/** Options of {@link Pipeline.plan}: one environment, for local use. */
export type PlanEnvironmentOptions = OperationOptions;

/** Options of {@link Pipeline.apply}: one environment, for local use (recorded as trigger `manual`). */
export interface ApplyEnvironmentOptions extends OperationOptions, ApplyCheckOptions {}

/** One stage to run, and what its apply records. */
interface StageRequest {
  readonly plan: StagePlan;
  /** The environment's stacks, run in dependency order (one `runStage` each). */
  readonly stacks: readonly EnvironmentStackInfo[];
  readonly commit: string;
  readonly ref: string;
  readonly trigger: StageContext['trigger'];
  readonly signal?: AbortSignal;
  /** Set when the stage runs alongside another: where its events go, and how its raw output is held back. */
  readonly emit?: StageIo['emit'];
  readonly hold?: StageIo['hold'];
  /** `false`: plan without the state lock (previews on backends whose reads are atomic). */
  readonly planLock?: boolean;
  /** Set when the stage runs alongside the one before it: whether that one succeeded (see overlap.ts). */
  readonly previousSucceeded?: Promise<boolean>;
  /** Approvals and requirements of the checks between plan and apply. */
  readonly checks?: ApplyCheckOptions;
  /** The promotion gate refused and `--override-gate` let the run go on. */
  readonly gateOverridden?: boolean;
}

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
  /** terraform's `version -json`, asked while the project loaded (if it was); the first version check takes it. */
  private versionAnswer: Promise<VersionAnswer> | undefined;
  /** The version that answer named (not checked against the pipeline's minimum): for cdktf's own checks. */
  private askedVersion: string | undefined;
  /** Records what the project's code reads until its first build is done (then writes the build record). */
  private recorder: InputRecorder | undefined;

  private constructor(
    /** The loaded project. */
    readonly project: LoadedProject,
    private readonly options: PipelineOptions,
    private readonly ci: CiInfo,
  ) {}

  /** Loads the project in `options.projectDir` (throws {@link ConfigError} when it is not one). */
  static async open(options: PipelineOptions): Promise<Pipeline> {
    const env = options.env ?? process.env;
    // terraform's version is asked while the project's modules load (~0.1 s off every run's way to
    // its first plan; after the bundle, whose esbuild process needs the other core); it is checked
    // only when a command needs terraform, and its errors surface then.
    let versionAnswer: Promise<VersionAnswer> | undefined;
    const beforeImport = () => {
      versionAnswer ??= askVersionEarly(options, env);
    };
    // What the project's code reads while it loads and builds: the build record explain may use later.
    const dir = path.resolve(options.projectDir);
    const recorder = options.project ? undefined : new InputRecorder(dir, path.join(dir, 'cdktf.out'));
    const imported =
      options.project ?? (await importProjectInProcess(dir, { beforeImport, ...(recorder ? { recorder } : {}) }));
    if (!imported) recorder?.refuse('the entry was loaded without the recorder');
    const project = await loadProject(options.projectDir, imported);
    const pipeline = new Pipeline(project, { ...options, env }, detectCi(env));
    pipeline.recorder = recorder;
    pipeline.pluginCacheDir = ensurePluginCacheDir(options.pluginCacheDir ?? env.TF_PLUGIN_CACHE_DIR, project.dir);
    pipeline.versionAnswer = versionAnswer;
    // Mostly in already (the load takes longer): synth() answers cdktf's version checks with it.
    pipeline.askedVersion = (await versionAnswer?.catch(() => undefined))?.parsed.version;
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

  /**
   * What a ref would do; runs nothing. The project loaded in this pipeline is built (and, for named
   * stacks, synthesized) to answer; {@link explainProject} answers from the build record when it can.
   */
  async explain(opts: ExplainOptions = {}): Promise<ExplainResult> {
    return explainRef(this.settings, () => this.stackLayout().stacks, opts, this.env, this.project.dir);
  }

  /** The project's settings that decide what a ref runs. */
  private get settings(): Omit<ProjectLayout, 'stacks'> {
    const { environments, mainBranch, previewAllEnvironments } = this.project.project;
    return { environments, mainBranch, ...(previewAllEnvironments !== undefined ? { previewAllEnvironments } : {}) };
  }

  /**
   * Each environment's stacks for `explain`, synthesizing only when needed: a project of one unnamed
   * stack per environment has no dependencies to find (its app is only built); named stacks need
   * the synthesis (cross-stack references register dependencies then), kept as this pipeline's.
   */
  private stackLayout(): ProjectLayout {
    if (this.synthResult) return this.layoutOf(this.synthResult);
    const result = synthesizeIf(this.project, appHasNamedStacks, this.synthOptions());
    if (result) return this.layoutOf(this.recordSynth(result));
    const layout = this.settings; // built, not synthesized: no named stacks
    this.recorder?.write(layout);
    return layout;
  }

  /** The settings and the named stacks of a synthesis. */
  private layoutOf(result: SynthResult): ProjectLayout {
    const named = Object.entries(result.stacks).filter(([, list]) => hasNamedStacks(list));
    const stacks = Object.fromEntries(
      named.map(([env, list]) => [env, list.map((s) => ({ name: s.name, dependsOn: s.dependsOn }))]),
    );
    return { ...this.settings, ...(named.length > 0 ? { stacks } : {}) };
  }

  /** Synthesizes every environment's stack (once per pipeline). */
  synth(): SynthResult {
    if (this.synthResult) {
      this.emit({ type: 'synth', durationMs: this.synthResult.durationMs });
      return this.synthResult;
    }
    return this.recordSynth(synthesize(this.project, this.synthOptions()));
  }

  private recordSynth(result: SynthResult): SynthResult {
    this.synthResult = result;
    // What this build saw, for the next explain (once per pipeline: the recorder is done).
    this.recorder?.write(this.layoutOf(result));
    keepPendingBundles(); // cdktf.out exists now: a fresh checkout's bundle can be kept
    this.recorder = undefined;
    this.emit({ type: 'synth', durationMs: result.durationMs });
    return result;
  }

  private synthOptions(): SynthOptions {
    // The checked version, else the one asked at open: cdktf's checks it satisfies run no process.
    const terraformVersion = this.terraformVersion ?? this.askedVersion;
    return {
      ...(terraformVersion ? { terraformVersion } : {}),
      // The CDK's own terraform version checks ask the binary the pipeline runs (tofu, say).
      terraformBinary: new Terraform(this.terraformOptions(this.project.dir)).binary,
      // The escape hatch, should a project ever depend on cdktf formatting them at once.
      lazyCreationStacks: this.env.CDKTF_GITOPS_CREATION_STACKS !== 'eager',
      ...(this.recorder ? { recorder: this.recorder } : {}),
    };
  }

  /** Runs the pipeline for a ref: docs/design.md's ref table, with the promotion gate for deploy tags. */
  async run(opts: RunOptions = {}): Promise<RunResult> {
    const started = performance.now();
    const { ref, trigger } = await this.trigger(opts.ref);
    const stages = planStages(trigger, this.refContext);
    const base = { ref, trigger: trigger.kind };
    if (trigger.kind === 'none') {
      return {
        ...base,
        // Nothing runs: the ref need not be checked out (a pull request's merge ref is often not).
        commit: await checkoutCommit(this.project.dir, 'HEAD', false),
        status: 'nothing-to-do',
        message: trigger.reason,
        stages: [],
        durationMs: performance.now() - started,
      };
    }
    if (this.previews(trigger, opts.allEnvironments)) {
      return this.previewAt(ref, trigger.kind, started, opts);
    }
    if (opts.allEnvironments && trigger.kind !== 'feature-branch') {
      // Previews are for review: main and deploy tags keep the ref table (and its applies).
      const message = `--all-environments applies to feature branches only; ${ref} runs as the ref table says`;
      this.emit({ type: 'warning', message });
    }
    const applies = stages.some((s) => s.actions.includes('apply'));
    // terraform's version check (of the answer asked at open) runs alongside git's; git's errors still come first.
    const terraformChecked = this.requireTerraform(opts);
    terraformChecked.catch(() => undefined);
    const commit = await checkoutCommit(this.project.dir, ref, applies);
    // terraform first: its version, already checked, then answers cdktf's check during synth.
    await terraformChecked;
    const { stacks: envStacks } = this.synth();
    let gate: GateResult | undefined;
    if (trigger.kind === 'deploy-tag') {
      gate = await this.gate(trigger, commit, envStacks, opts);
      this.emit({ type: 'gate', result: gate });
      if (!gate.passed && !gate.overridden) {
        return {
          ...base,
          commit,
          status: 'refused',
          message: gate.message,
          gate,
          stages: stages.map(skipped),
          durationMs: performance.now() - started,
        };
      }
    }
    // A plan-only stage may run alongside the stage before it; order and failure semantics stay sequential.
    const { results, failure, refusal } = await runStages(
      stages,
      (plan, io) => {
        const stacks = envStacks[plan.environment]!;
        const gateOverridden = gate !== undefined && !gate.passed && gate.overridden;
        // A feature branch's job holds plan-only credentials: its plan takes no lock where reads are atomic.
        const planLock = trigger.kind === 'feature-branch' ? readOnlyPlanLocks(stacks[0]!.dir) : true;
        const request = { plan, stacks, commit, ref, trigger: trigger.kind, checks: opts, gateOverridden, planLock };
        return this.stage({ ...request, ...io });
      },
      { overlap: this.options.overlap ?? overlapEnabled(this.env), emit: (e) => this.emit(e), ...signalOf(opts) },
    );
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

  /**
   * Plans every environment and applies nothing: one `planned` / `no-changes` / `failed` stage per
   * environment, planned concurrently (bounded). Stages re-pass the stored deployment record, so
   * nothing is written; a missing workspace is created (empty), as every plan-only stage does.
   */
  async preview(opts: PreviewOptions = {}): Promise<RunResult> {
    const started = performance.now();
    const ref = opts.ref ?? (await headBranchRef(this.project.dir)) ?? 'HEAD';
    if (ref !== 'HEAD') validateRef(ref);
    const trigger = ref === 'HEAD' ? 'none' : classifyRef(ref, this.refContext).kind;
    return this.previewAt(ref, trigger, started, opts);
  }

  /** Whether a run of `trigger` previews every environment (the flag, else the project setting). */
  private previews(trigger: Trigger, flag: boolean | undefined): boolean {
    return previewsAll(trigger, flag, this.settings);
  }

  private async previewAt(
    ref: string,
    trigger: RunResult['trigger'],
    started: number,
    opts: PreviewOptions,
  ): Promise<RunResult> {
    const commit = await checkoutCommit(this.project.dir, ref, false);
    await this.requireTerraform(opts);
    const { stacks: envStacks } = this.synth();
    const limit = opts.concurrency ?? availableParallelism();
    const stages = await mapBounded(this.environments, limit, async (environment) => {
      const stacks = envStacks[environment]!;
      const plan: StagePlan = { environment, workspace: environment, actions: PREVIEW_ACTIONS };
      try {
        // One backend for all stacks: the first stack's says whether plans must lock.
        const planLock = readOnlyPlanLocks(stacks[0]!.dir);
        return await this.stage({ plan, stacks, commit, ref, trigger: 'preview', planLock, ...signalOf(opts) });
      } catch (error) {
        if (error instanceof StageFailedError) return error.stage;
        throw error;
      }
    });
    const failed = stages.filter((s) => s.status === 'failed');
    return {
      ref,
      commit,
      trigger,
      preview: true,
      status: failed.length === 0 ? 'succeeded' : 'failed',
      ...(failed.length > 0
        ? { message: failed.map((s) => `${s.environment}: ${s.error?.message ?? 'failed'}`).join('\n') }
        : {}),
      stages,
      durationMs: performance.now() - started,
    };
  }

  /** Plans one environment, for local use; applies nothing. */
  plan(environment: string, opts: PlanEnvironmentOptions = {}): Promise<StageResult> {
    return this.runEnvironment(environment, false, opts);
  }

  /** Plans and applies one environment, for local use; the record says trigger `manual`, which no gate accepts. */
  apply(environment: string, opts: ApplyEnvironmentOptions = {}): Promise<StageResult> {
    return this.runEnvironment(environment, true, opts);
  }

  private async runEnvironment(
    environment: string,
    apply: boolean,
    opts: ApplyEnvironmentOptions,
  ): Promise<StageResult> {
    if (!this.environments.includes(environment)) {
      throw new ConfigError(`unknown environment '${environment}'; known: ${this.environments.join(', ')}`);
    }
    const commit = await checkoutCommit(this.project.dir, 'HEAD', apply);
    const ref = (await headBranchRef(this.project.dir)) ?? 'HEAD';
    // terraform first: its version, already checked, then answers cdktf's check during synth.
    await this.requireTerraform(opts);
    const { stacks: envStacks } = this.synth();
    const plan: StagePlan = {
      environment,
      workspace: environment,
      actions: apply ? ['init', 'workspace-select', 'plan', 'apply'] : ['init', 'workspace-select', 'plan'],
    };
    try {
      const stacks = envStacks[environment]!;
      return await this.stage({ plan, stacks, commit, ref, trigger: 'manual', checks: opts, ...signalOf(opts) });
    } catch (error) {
      if (error instanceof StageFailedError) return error.stage;
      throw error;
    }
  }

  /** Per environment: whether its workspace exists, the record of its last pipeline apply and its last drift check. */
  async status(opts: OperationOptions = {}): Promise<EnvironmentStatus[]> {
    const { stackDirs, stacks } = this.synth();
    const statuses: EnvironmentStatus[] = [];
    for (const environment of this.environments) {
      const stored = await this.readEnvironmentRecord(stacks[environment]!, environment, opts);
      // A drift check needs a record; without one there is no metadata to read (and reading costs an init).
      const lastDriftCheck = stored.record
        ? await this.lastDriftCheck(environment, stackDirs[environment]!, opts)
        : undefined;
      const stateProblems = stored.exists ? await this.stateProblems(environment, stacks[environment]!, opts) : [];
      statuses.push({
        environment,
        workspace: environment,
        exists: stored.exists,
        recordSignature: this.recordSignature(environment, stored),
        ...(stored.record ? { record: stored.record } : {}),
        ...(stateProblems.length > 0 ? { stateProblem: stateProblems.join('; ') } : {}),
        ...(stored.partial ? { partial: stored.partial } : {}),
        ...(hasNamedStacks(stacks[environment]!)
          ? {
              stacks: stored.stacks.map((s) => ({
                stack: s.stack,
                exists: s.stored !== undefined,
                ...(s.stored?.record ? { record: s.stored.record } : {}),
              })),
            }
          : {}),
        ...(lastDriftCheck ? { lastDriftCheck } : {}),
      });
    }
    return statuses;
  }

  /**
   * Drift detection: plans every environment that has a deployment record from its recorded
   * commit (in a temporary worktree; the checkout is untouched), with refresh, against its live
   * state; any change is drift. Applies nothing; keeps each environment's result for `status`.
   */
  async drift(opts: DriftOptions = {}): Promise<DriftResult> {
    if (!(await isRepository(this.project.dir))) {
      throw new ConfigError(`${this.project.dir} is not inside a git repository: drift checks check out commits`);
    }
    await this.requireTerraform(opts);
    const { stackDirs, stacks } = this.synth();
    const concurrency = opts.concurrency ?? availableParallelism();
    const targets = await mapBounded(this.environments, concurrency, (env) =>
      this.driftTarget(env, stacks[env]!, opts),
    );
    const result = await checkDrift({
      projectDir: this.project.dir,
      mainBranch: this.project.project.mainBranch,
      targets,
      terraform: (dir) => this.terraformOptions(dir),
      ...(this.terraformVersion ? { terraformVersion: this.terraformVersion } : {}),
      concurrency,
      ...(opts.signal ? { signal: opts.signal } : {}),
      onEnvironment: (e) => {
        const c = e.changes;
        const counts = `${c.add} to add, ${c.change} to change, ${c.destroy} to destroy`;
        const drifting = e.stacks?.filter((s) => s.drift).map((s) => s.stack);
        const where = drifting ? ` (stacks ${drifting.join(', ')})` : '';
        const drifted = `has drifted from ${e.commit?.slice(0, 12)}: ${counts}${where}`;
        const message = e.error ? `drift check failed: ${e.error.message}` : drifted;
        if (e.drift || e.error) this.emit({ type: 'warning', message: `${e.environment}: ${message}` });
      },
    });
    for (const env of result.environments) {
      const check = driftCheckRecord(env, result.checkedAt);
      if (!check) continue;
      try {
        const target = await this.metadataTarget(env.environment, stackDirs[env.environment]!, opts);
        await writeMetadata(target, DRIFT_METADATA_KEY, check, opts);
      } catch (error) {
        if (opts.signal?.aborted) throw error;
        // The check itself is the result; a lost note for `status` must not hide it.
        const reason = error instanceof Error ? error.message : String(error);
        const message = `${env.environment}: could not store the drift check for status: ${reason}`;
        this.emit({ type: 'warning', message });
      }
    }
    return result;
  }

  /** What drift checks of an environment: its record, or each stack's for an environment made of stacks. */
  private async driftTarget(
    environment: string,
    stacks: readonly EnvironmentStackInfo[],
    opts: OperationOptions,
  ): Promise<DriftTarget> {
    if (!hasNamedStacks(stacks)) {
      return { environment, stored: await this.readStoredRecord(stacks[0]!.dir, environment, opts) };
    }
    const read = await this.readEnvironmentRecord(stacks, environment, opts);
    const partial = read.partial ? { partial: read.partial } : {};
    return { environment, stored: read.stacks[0]?.stored, stacks: read.stacks, ...partial };
  }

  private async lastDriftCheck(environment: string, stackDir: string, opts: OperationOptions) {
    try {
      const target = await this.metadataTarget(environment, stackDir, opts);
      return parseDriftCheckRecord(await readMetadata(target, DRIFT_METADATA_KEY, opts));
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      // The record is what status is for; an unreadable note about drift must not hide it.
      const reason = error instanceof Error ? error.message : String(error);
      this.emit({ type: 'warning', message: `${environment}: cannot read the last drift check: ${reason}` });
      return undefined;
    }
  }

  private trigger(explicit: string | undefined): Promise<{ ref: string; trigger: Trigger }> {
    return triggerOf(explicit, this.settings, this.env, this.project.dir);
  }

  private async gate(
    trigger: Extract<Trigger, { kind: 'deploy-tag' }>,
    commit: string,
    stacks: Readonly<Record<string, readonly EnvironmentStackInfo[]>>,
    opts: RunOptions,
  ): Promise<GateResult> {
    const previous = previousEnvironment(trigger.environment, this.refContext)!;
    try {
      const stored = await this.readEnvironmentRecord(stacks[previous]!, previous, opts);
      const history = await this.readHistory(previous, stacks[previous]![0]!.dir, opts);
      const message = await checkPromotionGate({
        cwd: this.project.dir,
        commit,
        tag: trigger.tag,
        environment: trigger.environment,
        mainBranch: this.project.project.mainBranch,
        previousEnvironment: previous,
        previousRecord: stored.record,
        previousRecordSignature: this.recordSignature(previous, stored),
        history,
        key: this.recordKey,
        ...(stored.partial ? { previousPartial: stored.partial } : {}),
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

  /** For `status`: each stack whose state is not the one the pipeline last applied, and why. */
  private async stateProblems(
    environment: string,
    stacks: readonly EnvironmentStackInfo[],
    opts: OperationOptions,
  ): Promise<string[]> {
    try {
      const history = await this.readHistory(environment, stacks[0]!.dir, opts);
      const problems: string[] = [];
      for (const stack of stacks) {
        const last = lastStateOf(history, stack.name, this.recordKey);
        if (!last) continue;
        const tf = new Terraform(this.terraformOptions(stack.dir));
        const state = stateIdentity(await pullState(stack.dir, environment, () => tf.statePull(opts)));
        const where = stack.named ? `${environment}/${stack.name}` : environment;
        const lost = lostState(where, { ...last, commit: last.entry.commit, time: last.entry.time }, state);
        if (lost) problems.push(lost);
      }
      return problems;
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      this.emit({ type: 'warning', message: `${environment}: cannot compare its state with its history: ${reason}` });
      return [];
    }
  }

  /** The record key of this run (CDKTF_GITOPS_RECORD_KEY); records are unsigned without one. */
  private get recordKey(): string | undefined {
    return recordKeyOf(this.env);
  }

  /** The signature of an environment's record: the least trusted of its stacks' (`no-key` without a key). */
  private recordSignature(environment: string, stored: EnvironmentRecord): SignatureStatus {
    const statuses = stored.stacks.map((s) =>
      s.stored?.record
        ? signatureStatus(s.stored.record, { kind: 'deployment-record', environment, stack: s.stack }, this.recordKey)
        : 'no-key',
    );
    for (const worst of ['invalid', 'unsigned', 'valid'] as const) if (statuses.includes(worst)) return worst;
    return 'no-key';
  }

  /** An environment's apply history, oldest first (kept in its first stack's metadata store). */
  private async readHistory(environment: string, stackDir: string, opts: OperationOptions): Promise<HistoryEntry[]> {
    const target = await this.metadataTarget(environment, stackDir, opts);
    return parseHistory(await readMetadata(target, HISTORY_KEY, opts));
  }

  /**
   * Adds an applying stage to its environment's history: a successful apply is evidence for the next
   * gate (with the states its stacks were left in); a failed one is kept for the record. A history
   * that cannot be written is a warning: the record in the state still names the apply.
   */
  private async recordHistory(request: StageRequest, stage: StageResult, opts: OperationOptions): Promise<void> {
    const environment = request.plan.environment;
    const parts = stage.stacks ?? [{ ...stage, stack: request.stacks[0]!.name }];
    const approvals: ApplyApproval[] = [
      ...(parts.some((p) => p.guard?.approvedBy === 'flag') ? (['allow-destroy'] as const) : []),
      ...(parts.some((p) => p.lostStateAccepted !== undefined) ? (['accept-lost-state'] as const) : []),
    ];
    const entry: Omit<HistoryEntry, 'signature'> = {
      version: 1,
      environment,
      commit: request.commit,
      ref: request.ref,
      trigger: request.trigger,
      time: new Date().toISOString(),
      result: stage.status === 'applied' ? 'succeeded' : 'failed',
      ...(this.ci.actor ? { actor: this.ci.actor } : {}),
      ...(this.ci.runUrl ? { runUrl: this.ci.runUrl } : {}),
      ...(request.gateOverridden ? { gateOverridden: true as const } : {}),
      ...(approvals.length > 0 ? { approvals } : {}),
      stacks: parts.map((p) => ({ stack: p.stack, ...p.state })),
    };
    try {
      const target = await this.metadataTarget(environment, request.stacks[0]!.dir, opts);
      await updateMetadata(
        target,
        HISTORY_KEY,
        (current) => appendHistory(parseHistory(current), entry, this.recordKey),
        opts,
      );
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      this.emit({ type: 'warning', message: `${environment}: could not add this apply to its history: ${reason}` });
    }
  }

  /** Reads the record of each of an environment's stacks and combines them (environment-record.ts). */
  private async readEnvironmentRecord(
    stacks: readonly EnvironmentStackInfo[],
    environment: string,
    opts: OperationOptions,
  ): Promise<EnvironmentRecord> {
    const each = await mapBounded(stacks, availableParallelism(), async (s) => ({
      stack: s.name,
      stored: await this.readStoredRecord(s.dir, environment, opts),
    }));
    return environmentRecord(each);
  }

  /** Reads a stack's record without creating its workspace; `undefined` when the workspace does not exist. */
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
  private async metadataTarget(
    environment: string,
    stackDir: string,
    opts: OperationOptions = {},
  ): Promise<MetadataTarget> {
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

  /** Runs one environment's stage: each of its stacks in dependency order (environment-stage.ts). */
  private async stage(request: StageRequest): Promise<StageResult> {
    const { plan, commit, ref, trigger, signal } = request;
    const baseEmit = request.emit ?? ((e: PipelineEvent) => this.emit(e));
    let applyStarted = false;
    const emitStage = (e: PipelineEvent) => {
      if (e.type === 'step-start' && e.action === 'apply') applyStarted = true;
      baseEmit(e);
    };
    let history: Promise<HistoryEntry[]> | undefined;
    const historyOnce = () =>
      (history ??= this.readHistory(plan.environment, request.stacks[0]!.dir, signalOf(request)));
    const runStack = (stack: EnvironmentStackInfo, emit: (event: PipelineEvent) => void) => {
      const { workingDir: _unused, ...terraform } = this.terraformOptions(stack.dir);
      if (request.hold && terraform.onOutput) terraform.onOutput = request.hold(terraform.onOutput);
      const checkPlan = planChecks(this.checkSettings(request, stack.dir, emit, historyOnce));
      return runStage(plan, {
        checkPlan,
        stackDir: stack.dir,
        stack: stack.name,
        ...(this.recordKey !== undefined ? { recordKey: this.recordKey } : {}),
        ...(request.gateOverridden ? { gateOverridden: true } : {}),
        commit,
        ref,
        trigger,
        ci: this.ci,
        terraform,
        emit,
        ...(signal ? { signal } : {}),
        ...(this.reuseInit ? { reuseInit: this.reuseInit } : {}),
        ...(this.terraformVersion ? { terraformVersion: this.terraformVersion } : {}),
        ...(request.planLock === false ? { planLock: false } : {}),
      });
    };
    const applies = plan.actions.includes('apply');
    try {
      const result = await runEnvironmentStage(plan, request.stacks, runStack, {
        emit: emitStage,
        concurrency: availableParallelism(),
        ...(signal ? { signal } : {}),
      });
      if (applies && result.status === 'applied') await this.recordHistory(request, result, signalOf(request));
      return result;
    } catch (error) {
      if (error instanceof StageFailedError && applies && applyStarted) {
        await this.recordHistory(request, error.stage, signalOf(request)).catch(() => undefined);
      }
      throw error;
    }
  }

  /**
   * What the checks between plan and apply do for one stage. A plan of an environment after the
   * first is recorded as reviewed on `main` and deploy tags (the next deploy tag applies it); an
   * apply of such an environment (deploy tag, or `apply --env`) is compared with that record.
   */
  private checkSettings(
    request: StageRequest,
    stackDir: string,
    emit: (event: PipelineEvent) => void,
    history: () => Promise<readonly HistoryEntry[]>,
  ): PlanCheckSettings {
    const { plan, commit, ref, trigger } = request;
    const opts = { ...request.checks, ...(request.signal ? { signal: request.signal } : {}) };
    const p = this.project.project;
    const later = this.environments.indexOf(plan.environment) > 0;
    const applies = plan.actions.includes('apply');
    const records = !applies && later && (trigger === 'main' || trigger === 'deploy-tag');
    const review = applies && later ? 'check' : records ? 'record' : undefined;
    return {
      environment: plan.environment,
      workspace: plan.workspace,
      stackDir,
      commit,
      ref,
      projectDir: this.project.dir,
      env: this.env,
      protected: protectedEnvironments(this.environments, p.protectedEnvironments).includes(plan.environment),
      environments: this.environments,
      allowDestroy: opts.allowDestroy === true,
      acceptLostState: opts.acceptLostState === true,
      history,
      recordKey: this.recordKey,
      policies: p.policies ?? [],
      ...(review ? { review } : {}),
      requireReviewedPlan: opts.requireReviewedPlan === true || p.requireReviewedPlan === true,
      metadata: () => this.metadataTarget(plan.environment, stackDir, opts),
      ...(this.ci.runUrl ? { runUrl: this.ci.runUrl } : {}),
      ...(request.previousSucceeded ? { previousSucceeded: request.previousSucceeded } : {}),
      emit,
    };
  }

  /** Checks terraform's version and, unless turned off, lets stages reuse earlier inits. */
  private async requireTerraform(opts: OperationOptions): Promise<void> {
    const tf = new Terraform(this.terraformOptions(this.project.dir));
    // terraform >= 1.4; OpenTofu (a binary named tofu) >= 1.6, its first stable release.
    const min = tf.product.product === 'opentofu' ? tf.product.minimumVersion : MIN_TERRAFORM;
    const answer = this.versionAnswer;
    this.versionAnswer = undefined;
    const { version } = await tf.requireVersion(min, tf.product.minimumFor, opts, answer);
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

/**
 * `terraform version -json` for {@link Pipeline.open}, started once the entry is bundled and before
 * it is imported; a failure (no binary, say) is kept for the version check to report, never an
 * unhandled rejection.
 */
function askVersionEarly(options: PipelineOptions, env: NodeJS.ProcessEnv): Promise<VersionAnswer> {
  const answer = new Terraform({
    workingDir: path.resolve(options.projectDir),
    env,
    extendEnv: false,
    ...(options.terraformBinary ? { binary: options.terraformBinary } : {}),
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
  }).askVersion();
  answer.catch(() => undefined);
  return answer;
}

function signalOf(opts: OperationOptions): { signal?: AbortSignal } {
  return opts.signal ? { signal: opts.signal } : {};
}
