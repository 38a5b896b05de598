import type { DriftCheckRecord, Verification } from '../model.js';
import type { HistoryEntry } from '../records/history.js';
import type { SignatureStatus } from '../records/signature.js';

/** A commit as the status page names it. */
export interface CommitView {
  readonly sha: string;
  /** The first line of its message. */
  readonly subject: string;
  /** ISO 8601 commit time. */
  readonly time?: string;
  readonly author?: string;
}

/** The result of the verification hooks after an environment's apply. */
export type VerificationView = Verification;

/** A freeze of an environment: its applies are refused until it ends. */
export interface FreezeView {
  readonly reason: string;
  /** Who froze it (CI actor or local user). */
  readonly by: string;
  /** When (ISO 8601). */
  readonly at: string;
  /** When it ends by itself (ISO 8601); absent: until `unfreeze`. */
  readonly until?: string;
}

/** One environment: what it runs, how that apply went, and what waits to reach it. */
export interface EnvironmentView {
  readonly environment: string;
  /** Its last successful pipeline apply; absent: none recorded. */
  readonly current?: CommitView & {
    readonly ref: string;
    readonly trigger: string;
    /** When it was applied (ISO 8601). */
    readonly appliedAt: string;
    readonly actor?: string;
    readonly runUrl?: string;
    readonly gateOverridden?: boolean;
  };
  readonly recordSignature?: SignatureStatus;
  /** Why a stack's state is not the one the pipeline last applied. */
  readonly stateProblem?: string;
  /** Why an environment of several stacks has no single record: its stacks disagree. */
  readonly partial?: string;
  /** Each stack's commit, for an environment of named stacks. */
  readonly stacks?: readonly { readonly stack: string; readonly commit?: string }[];
  readonly verification?: VerificationView;
  /** The soak time before the next environment may get this one's commit. */
  readonly soak?: { readonly until: string; readonly remainingMs: number };
  readonly freeze?: FreezeView;
  readonly lastDriftCheck?: DriftCheckRecord;
  /**
   * Commits the previous environment (the main branch, for the first) runs and this one does not,
   * newest first, and the command that would promote them (absent for the first environment).
   */
  readonly pending?: { readonly commits: readonly CommitView[]; readonly from: string; readonly command?: string };
  /** Its applies, newest first. */
  readonly history: readonly HistoryEntry[];
}

/** Everything the status page (and `status --json`) shows. */
export interface StatusModel {
  /** When the model was read (ISO 8601): relative times on the page count from it. */
  readonly generatedAt: string;
  readonly mainBranch: string;
  /** In promotion order. */
  readonly environments: readonly EnvironmentView[];
  /** The newest commits of the main branch, newest first (the rows of the commit grid). */
  readonly commits: readonly CommitView[];
}
