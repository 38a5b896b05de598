// The pipeline's results and events: plain data, imported by every layer and importing none of them.
import type { DeploymentRecord } from '../stacks/deployment-record-format.js';
import type { CommitInfo } from './git/log.js';
import type { FreezeRecord } from './records/freeze.js';
import type { EntryVerification } from './records/history.js';
import type { SignatureStatus } from './records/signature.js';
import type { TriggerKind } from './refs/types.js';
import type { TerraformEvent } from './terraform/events.js';
import type { Diagnostic, ResourceChange } from './terraform/types.js';

/** One step of a stage, in the order they run. */
export type Action = 'init' | 'workspace-select' | 'plan' | 'apply';

/** A stage as results show it: the environment, its workspace (the same name) and its steps. */
export interface StageActions {
  readonly environment: string;
  readonly workspace: string;
  readonly actions: readonly Action[];
}

/**
 * What happened to one environment in a run. `unchanged`: its configuration and state are those of
 * an earlier apply, so no terraform ran (change detection; an applying stage moved its record).
 */
export type StageStatus = 'applied' | 'planned' | 'no-changes' | 'unchanged' | 'failed' | 'skipped' | 'refused';

/**
 * What happened to one stack of an environment made of several: a stage's statuses, and two for a
 * plan that cannot be final because a stack it depends on has changes not applied yet (a plan-only
 * stage). `planned-with-unapplied-dependencies`: planned against the dependencies' current state;
 * `blocked-by-dependencies`: its plan failed while a dependency had unapplied changes (e.g. an output
 * that does not exist yet); the error is kept. Neither is ever applied; neither fails the run.
 */
export type StackStatus = StageStatus | 'planned-with-unapplied-dependencies' | 'blocked-by-dependencies';

/** One stack's part of its environment's stage (environments made of several stacks). */
export interface StackResult extends Omit<StageResult, 'status' | 'stacks'> {
  /** The stack's name within its environment. */
  readonly stack: string;
  /** The stacks of the same environment it depends on. */
  readonly dependsOn: readonly string[];
  readonly status: StackStatus;
  /** Its dependencies with unapplied changes (the statuses `planned-with-unapplied-dependencies`, `blocked-…`). */
  readonly unappliedDependencies?: readonly string[];
}

/** Resource counts of a plan, without the pipeline's own deployment record. */
export interface ChangeCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

/** The counts of a plan that changes nothing (and of a stage that never planned). */
export const NO_CHANGES: ChangeCounts = Object.freeze({ add: 0, change: 0, destroy: 0 });

/** One environment's part of a run. */
export interface StageResult {
  readonly environment: string;
  readonly workspace: string;
  readonly actions: readonly Action[];
  readonly status: StageStatus;
  readonly changes: ChangeCounts;
  /** Planned resource changes (addresses and actions only, never values). */
  readonly resourceChanges: readonly ResourceChange[];
  readonly durationMs: number;
  /** The record written by this stage's apply. */
  readonly record?: DeploymentRecord;
  /** Why the stage failed. */
  readonly error?: { readonly message: string; readonly diagnostics: readonly Diagnostic[] };
  /** Why the checks before apply refused it (status `refused`; nothing was applied). */
  readonly refusal?: string;
  /** The destroy guard's verdict, for a stage that would apply deletes or replacements. */
  readonly guard?: GuardResult;
  /** This plan compared with the one reviewed earlier (deploy tags). */
  readonly review?: ReviewResult;
  /** What each policy said about the plan. */
  readonly policies?: readonly PolicyResult[];
  /** Why the state was not the one the pipeline last applied, when `--accept-lost-state` let the apply go on. */
  readonly lostStateAccepted?: string;
  /** The state's lineage and serial after this stage's apply (what the environment's history keeps). */
  readonly state?: { readonly lineage?: string; readonly serial?: number };
  /** What the project's verification hooks said after the environment's apply. */
  readonly verification?: Verification;
  /** Status `unchanged`: the commit whose apply last ran terraform here (configuration and state are as it left them). */
  readonly unchangedSince?: string;
  /**
   * Each stack's result, in the order the project added them, for an environment made of named
   * stacks; the stage's own fields then sum them up (changes, first error or refusal, the record
   * only when every stack applied).
   */
  readonly stacks?: readonly StackResult[];
}

/** Outcome of the promotion gate of a deploy tag. */
export interface GateResult {
  readonly passed: boolean;
  /** True when the gate failed but `--override-gate` let the run go on. */
  readonly overridden: boolean;
  readonly message: string;
}

/** Result of `run`. */
export interface RunResult {
  readonly ref: string;
  readonly commit: string;
  readonly trigger: TriggerKind;
  readonly status: 'succeeded' | 'failed' | 'refused' | 'nothing-to-do';
  /** Human explanation for `refused` and `nothing-to-do`, or the failure. */
  readonly message?: string;
  readonly gate?: GateResult;
  /** True for a preview (`plan --all`, `run --all-environments`): every environment planned, nothing applied. */
  readonly preview?: boolean;
  readonly stages: readonly StageResult[];
  readonly durationMs: number;
}

/** Result of `explain`. */
export interface ExplainResult {
  readonly ref: string;
  readonly trigger: TriggerKind;
  readonly message?: string;
  readonly stages: readonly ExplainedStage[];
}

/** A stage as `explain` shows it: for an environment made of named stacks, its stacks and their dependencies. */
export interface ExplainedStage extends StageActions {
  readonly stacks?: readonly { readonly stack: string; readonly dependsOn: readonly string[] }[];
}

/** One environment in `status`. */
export interface EnvironmentStatus {
  readonly environment: string;
  readonly workspace: string;
  /** False when the workspace has never been created. */
  readonly exists: boolean;
  readonly record?: DeploymentRecord;
  /**
   * The record's signature under this run's key: `no-key` when the run has none (records are then
   * unsigned and any record is taken as it is), else `valid`, `unsigned` or `invalid` (forged or
   * signed with another key); for an environment of several stacks, the least trusted of theirs.
   */
  readonly recordSignature?: SignatureStatus;
  /** Why a stack's state is not the one the pipeline last applied (missing, emptied, replaced): applies are refused. */
  readonly stateProblem?: string;
  /** Why an environment made of several stacks has no record although some stacks do (a partial apply). */
  readonly partial?: string;
  /** Each stack's workspace and record, for an environment made of named stacks. */
  readonly stacks?: readonly { readonly stack: string; readonly exists: boolean; readonly record?: DeploymentRecord }[];
  /** The last `drift` check of the environment (time, result, checked commit). */
  readonly lastDriftCheck?: DriftCheckRecord;
  /** The freeze that holds now: every apply to the environment is refused. */
  readonly freeze?: FreezeRecord;
  /** What the verification hooks last said of the commit it runs (its apply, or a later `verify`). */
  readonly verification?: EntryVerification;
  /** Its soak time: when the next environment may get the commit it runs. */
  readonly soak?: { readonly until: string; readonly remainingMs: number };
  /**
   * The commits the previous environment (the main branch, for the first) runs and this one does not,
   * newest first (at most 50), and the command that would promote them (not for the first environment).
   */
  readonly pending?: { readonly commits: readonly CommitInfo[]; readonly from: string; readonly command?: string };
}

/** Typed progress events of a pipeline. */
export type PipelineEvent =
  | { readonly type: 'synth'; readonly durationMs: number }
  | { readonly type: 'stage-start'; readonly environment: string; readonly actions: readonly Action[] }
  /** A stack of an environment made of several starts (its steps' events then carry `stack`). */
  | {
      readonly type: 'stack-start';
      readonly environment: string;
      readonly stack: string;
      readonly dependsOn: readonly string[];
    }
  | { readonly type: 'stack-end'; readonly environment: string; readonly result: StackResult }
  | { readonly type: 'step-start'; readonly environment: string; readonly stack?: string; readonly action: Action }
  | {
      readonly type: 'step-end';
      readonly environment: string;
      readonly stack?: string;
      readonly action: Action;
      readonly durationMs: number;
      readonly ok: boolean;
    }
  | {
      readonly type: 'plan-summary';
      readonly environment: string;
      readonly stack?: string;
      readonly changes: ChangeCounts;
      readonly hasChanges: boolean;
    }
  | { readonly type: 'stage-end'; readonly stage: StageResult }
  | { readonly type: 'gate'; readonly result: GateResult }
  | {
      readonly type: 'terraform';
      readonly environment: string;
      readonly stack?: string;
      readonly event: TerraformEvent;
    }
  /** Something needs attention; `environment` (and `stack`) when it concerns one. */
  | { readonly type: 'warning'; readonly message: string; readonly environment?: string; readonly stack?: string }
  /** A check between plan and apply (destroy guard, review, policy) that needs no warning. */
  | {
      readonly type: 'check';
      readonly environment: string;
      readonly stack?: string;
      readonly message: string;
      readonly ok: boolean;
    };

/** The overall outcome of a drift check: `failed` when any environment could not be checked. */
export type DriftStatus = 'no-drift' | 'drift' | 'failed';

/** One environment in a drift check. */
export interface EnvironmentDrift {
  readonly environment: string;
  /** The commit of its deployment record; null without a record. */
  readonly commit: string | null;
  /** Commits on the main branch since that commit; null without a record or without a main branch here. */
  readonly behindMain: number | null;
  /** Whether the live state differs from what that commit plans; null when not checked (no record, or failed). */
  readonly drift: boolean | null;
  /** Counts of the plan's resource changes (the deployment record left out). */
  readonly changes: ChangeCounts;
  /** The plan's resource changes: addresses and actions, never values. */
  readonly resourceChanges: readonly ResourceChange[];
  /** Why the environment was not checked (e.g. `no deployment record`). */
  readonly reason?: string;
  /** Why its check failed. */
  readonly error?: { readonly message: string };
  readonly durationMs: number;
  /**
   * Each stack's check, for an environment made of named stacks; the environment's fields then sum
   * them up (drift when any stack drifted, changes added, addresses as `<stack>:<address>`).
   */
  readonly stacks?: readonly StackDrift[];
}

/** One stack of an environment made of several, in a drift check. */
export interface StackDrift {
  /** The stack's name within its environment. */
  readonly stack: string;
  /** Whether its live state differs from what the recorded commit plans; null when its check failed. */
  readonly drift: boolean | null;
  readonly changes: ChangeCounts;
  /** Its plan's resource changes: addresses and actions, never values. */
  readonly resourceChanges: readonly ResourceChange[];
  /** Why its check failed. */
  readonly error?: { readonly message: string };
  readonly durationMs: number;
}

/** Result of `drift`. */
export interface DriftResult {
  readonly status: DriftStatus;
  /** When the check started (ISO 8601). */
  readonly checkedAt: string;
  readonly environments: readonly EnvironmentDrift[];
  readonly durationMs: number;
}

/** What `status` shows of an environment's last drift check (kept in the metadata store, key `drift`). */
export interface DriftCheckRecord {
  /** ISO 8601 time of the check. */
  readonly time: string;
  readonly result: 'no-drift' | 'drift' | 'failed';
  /** The recorded commit that was checked. */
  readonly commit: string;
  readonly changes: ChangeCounts;
  /** Each stack's result, for an environment made of named stacks. */
  readonly stacks?: readonly { readonly stack: string; readonly result: DriftCheckRecord['result'] }[];
}

/** Who let a protected environment's deletes or replacements through. */
export type DestroyApproval = 'flag' | 'trailer';

/** The destroy guard's verdict on one plan. */
export interface GuardResult {
  /** Resources the plan deletes (without recreating them). */
  readonly destroys: readonly string[];
  /** Resources the plan replaces (delete and create, in either order). */
  readonly replaces: readonly string[];
  /** `--allow-destroy` (`flag`) or an `Allow-Destroy: <env>` trailer of a commit the promotion brings (`trailer`). */
  readonly approvedBy?: DestroyApproval;
  /** The commit whose trailer approved it. */
  readonly trailerCommit?: string;
  /** Why no trailer approved it (a rollback, free text instead of environment names, …). */
  readonly notes?: readonly string[];
  /** True when the plan must not be applied. */
  readonly refused: boolean;
}

/** Whether a deploy applies exactly what was reviewed. */
export interface ReviewResult {
  readonly matches: boolean;
  /** When the reviewed plan was recorded (absent: none was). */
  readonly recordedAt?: string;
  /** The commit and ref of the run that recorded it. */
  readonly reviewedCommit?: string;
  readonly reviewedRef?: string;
  /** Each way the plan differs, one sentence each: the why first (state, commit, stack), then resources. */
  readonly differences: readonly string[];
}

/** What the verification hooks said after an environment's apply. */
export interface Verification {
  readonly status: 'passed' | 'failed';
  /** When the hooks ran (ISO 8601). */
  readonly time: string;
  readonly checks: readonly {
    readonly name: string;
    readonly status: 'passed' | 'failed';
    readonly exitCode?: number;
    /** Stdout and stderr, truncated (in results only; the history keeps names and statuses). */
    readonly output: string;
  }[];
}

/** What one policy said. */
export interface PolicyResult {
  readonly name: string;
  readonly passed: boolean;
  /** Its exit code; absent when it timed out or could not start. */
  readonly exitCode?: number;
  readonly timedOut: boolean;
  /** Its stdout and stderr interleaved, cut to a few thousand characters. */
  readonly output: string;
  readonly durationMs: number;
  /** Why it did not pass, in one line. */
  readonly message?: string;
}
