import type { RecordTrigger } from '../../stacks/deployment-record-format.js';
import type { PolicyConfig } from '../../stacks/review-settings.js';
import type { CiInfo } from '../ci/detect.js';
import type { ChangeVerdict } from '../decide/unchanged.js';
import type { ApplyCheckOptions } from '../options.js';
import type { HistoryEntry } from '../records/history.js';
import type { ReuseInit } from '../stackdir/init-cache.js';
import type { MetadataTarget } from '../stackdir/metadata.js';
import type { StoredRecord } from '../stackdir/record.js';
import type { StackDir } from '../stackdir/stack-dir.js';
import type { TerraformOptions } from '../terraform/index.js';

/**
 * What a stack's run does: `apply` plans, checks and applies (writing the record); `plan` plans and
 * passes the stored record back unchanged (a plan-only stage, a preview); `drift` plans an existing
 * workspace against its live state from a recorded commit, the stored record passed back.
 */
export type StackRunMode = 'apply' | 'plan' | 'drift';

/** The checks between a stack's plan and its apply, decided for the stack (docs/review.md). */
export interface StackChecks {
  /** Where git reads commits' trailers and policies run: the project directory. */
  readonly cwd: string;
  /** The pipeline's environment (policies get an allow list of it). */
  readonly env: NodeJS.ProcessEnv;
  /** The project's environments: the only names an `Allow-Destroy` trailer may hold. */
  readonly environments: readonly string[];
  /** Whether deletes and replacements need an approval here. */
  readonly protected: boolean;
  readonly approvals: Required<Omit<ApplyCheckOptions, 'ignoreFreeze'>>;
  /** `record`: a later deploy applies this plan; `check`: compare with the reviewed plan before applying. */
  readonly review: 'record' | 'check' | undefined;
  readonly policies: readonly PolicyConfig[];
  /** The environment's apply history, read once per stage (the lost-state check compares with it). */
  readonly history: () => Promise<readonly HistoryEntry[]>;
  /** Set when the stage runs alongside the one before it: write nothing unless that one succeeded. */
  readonly previousSucceeded?: Promise<boolean>;
}

/**
 * One stack's run, every decision made before it starts (after Atlantis' `ProjectContext`): built by
 * {@link buildStackRuns} for each stack of a stage, read by `runStack`, which calls nothing back.
 */
export interface StackRun {
  /** The environment, and its workspace (the same name). */
  readonly environment: string;
  readonly stack: StackDir;
  readonly mode: StackRunMode;
  readonly commit: string;
  readonly ref: string;
  /** What started it (a drift check: `preview`). */
  readonly trigger: RecordTrigger | 'feature-branch' | 'preview';
  /** Whether the plan takes the state lock (a read-only plan skips it where reads are atomic). */
  readonly lock: boolean;
  /** What the apply records: the key that signs it, whether the gate was overridden, the CI run. */
  readonly record: { readonly key: string | undefined; readonly gateOverridden: boolean; readonly ci: CiInfo };
  /** A drift check's stored record, passed back unchanged. */
  readonly stored?: StoredRecord;
  readonly checks: StackChecks;
  /** How its runners run terraform (binary, environment, lock timeout, plugin cache, raw output). */
  readonly terraform: Omit<TerraformOptions, 'workingDir' | 'onEvent'>;
  /** The checked terraform version (a fresh local workspace's seeded state names it). */
  readonly terraformVersion: string;
  /** Skip an init whose inputs are unchanged; undefined: always init. */
  readonly reuse: ReuseInit | undefined;
  /** Its environment's metadata store (reviewed plans) in its own backend. */
  readonly metadata: MetadataTarget;
  /**
   * Change detection: whether the stack's configuration and state are those of its last apply, so it
   * runs no terraform. Absent: it plans (`--full`, drift checks, a dependency that changed).
   */
  readonly detect?: (signal?: AbortSignal) => Promise<ChangeVerdict>;
}
