import type { ChangeCounts } from '../run/types.js';
import type { ResourceChange } from '../terraform/index.js';

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
