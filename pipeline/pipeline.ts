import { explainRef } from './decide/explain.js';
import { classifyRef } from './refs/classify.js';
import { validateRef } from './refs/validate.js';
import { checkDrift } from './drift/check.js';
import { runOneEnvironment } from './execute/one-environment.js';
import { previewAt } from './execute/preview.js';
import { runPlanSettings, runRef } from './execute/run-ref.js';
import { headBranchRef } from './git/index.js';
import type { DriftResult, EnvironmentStatus, ExplainResult, RunResult, StageResult } from './model.js';
import {
  resolveOptions,
  type ApplyEnvironmentOptions,
  type DriftOptions,
  type ExplainOptions,
  type OperationOptions,
  type PipelineOptions,
  type PlanEnvironmentOptions,
  type PreviewOptions,
  type RunOptions,
} from './options.js';
import type { SynthResult } from './project/synth.js';
import { Session } from './session.js';
import { readStatus } from './status/status.js';
import { statusModel } from './status/model.js';
import { freezeEnvironment, unfreezeEnvironment, type FreezeOptions } from './control/freeze.js';
import { readHistories, type HistoryOptions } from './control/history.js';
import { verifyDeployed, type VerifyResult } from './control/verify.js';
import type { FreezeRecord } from './records/freeze.js';
import type { HistoryEntry } from './records/history.js';
import type { StatusModel } from './report/status-model.js';

/**
 * The GitOps pipeline of one project: what a ref means, running it, and what each environment
 * records. Opened once (`Pipeline.open` resolves every setting and loads the project); each
 * operation then decides what to do, executes it, and returns a typed result, failures and
 * refusals included.
 */
export class Pipeline {
  private constructor(private readonly session: Session) {}

  /** Loads the project in `options.projectDir` (throws a `ConfigError` when it is not one). */
  static async open(options: PipelineOptions): Promise<Pipeline> {
    return new Pipeline(await Session.open(resolveOptions(options), options.project));
  }

  /** Environment names in promotion order. */
  get environments(): readonly string[] {
    return this.session.environments;
  }

  /** The project's main branch. */
  get mainBranch(): string {
    return this.session.definition.mainBranch;
  }

  /**
   * What a ref would do; runs nothing. A project of named stacks is synthesized to learn the order
   * of its stacks (cdktf registers cross-stack references only while it resolves them).
   */
  explain(opts: ExplainOptions = {}): Promise<ExplainResult> {
    const { env, projectDir } = this.session.settings;
    return explainRef(runPlanSettings(this.session), () => this.session.namedStacks(), opts, env, projectDir);
  }

  /** Runs the pipeline for a ref: docs/design.md's ref table, with the promotion gate for deploy tags. */
  run(opts: RunOptions = {}): Promise<RunResult> {
    return runRef(this.session, opts);
  }

  /**
   * Plans every environment and applies nothing (`plan --all`): one stage per environment, planned
   * concurrently (bounded); nothing is written.
   */
  async preview(opts: PreviewOptions = {}): Promise<RunResult> {
    const started = performance.now();
    const ref = opts.ref ?? (await headBranchRef(this.session.settings.projectDir)) ?? 'HEAD';
    if (ref !== 'HEAD') validateRef(ref);
    const trigger = ref === 'HEAD' ? 'none' : classifyRef(ref, runPlanSettings(this.session)).kind;
    return previewAt(this.session, { ref, trigger, started }, opts);
  }

  /** Plans one environment, for local use; applies nothing. */
  plan(environment: string, opts: PlanEnvironmentOptions = {}): Promise<StageResult> {
    return runOneEnvironment(this.session, environment, false, opts);
  }

  /** Plans and applies one environment, for local use; the record says trigger `manual`, which no gate accepts. */
  apply(environment: string, opts: ApplyEnvironmentOptions = {}): Promise<StageResult> {
    return runOneEnvironment(this.session, environment, true, opts);
  }

  /** Per environment: whether its workspace exists, the record of its last pipeline apply and its last drift check. */
  status(opts: OperationOptions = {}): Promise<EnvironmentStatus[]> {
    return readStatus(this.session, opts);
  }

  /**
   * Drift detection: plans every environment that has a deployment record from its recorded commit
   * (in a temporary worktree; the checkout is untouched), with refresh, against its live state; any
   * change is drift. Applies nothing; keeps each environment's result for `status`.
   */
  drift(opts: DriftOptions = {}): Promise<DriftResult> {
    return checkDrift(this.session, opts);
  }

  /**
   * What the status page and `status --json` show: `statuses` (default: read now) with each
   * environment's commit subject and history, and the newest commits of the main branch.
   */
  async statusModel(statuses?: readonly EnvironmentStatus[], opts: OperationOptions = {}): Promise<StatusModel> {
    return statusModel(this.session, statuses ?? (await this.status(opts)), opts);
  }

  /** Freezes an environment: every apply to it is refused (exit 3) until `unfreeze` or `until`. */
  freeze(environment: string, opts: FreezeOptions): Promise<FreezeRecord> {
    return freezeEnvironment(this.session, environment, opts);
  }

  /** Ends an environment's freeze; resolves to the freeze it ended (undefined: none held). */
  unfreeze(environment: string, opts: OperationOptions = {}): Promise<FreezeRecord | undefined> {
    return unfreezeEnvironment(this.session, environment, opts);
  }

  /** Runs an environment's verification hooks against what it runs, and keeps the result in its history. */
  verify(environment: string, opts: OperationOptions = {}): Promise<VerifyResult> {
    return verifyDeployed(this.session, environment, opts);
  }

  /** The applies (and verifications) of one environment or of all, newest first. */
  history(opts: HistoryOptions = {}): Promise<HistoryEntry[]> {
    return readHistories(this.session, opts);
  }

  /** Synthesizes every environment's stacks (once per pipeline). */
  synth(): SynthResult {
    return this.session.synth().result;
  }
}
