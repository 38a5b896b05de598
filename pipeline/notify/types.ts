import type { NotifyEvent } from '../../stacks/notify-settings.js';

export type { NotifyEvent };

/** Resource counts of a plan (as `ChangeCounts` of a run's stage). */
export interface NotificationCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

/** One environment's part of a finished run. */
export interface NotificationStage {
  readonly environment: string;
  /** The stage's status (`applied`, `planned`, `no-changes`, `failed`, `skipped`, `refused`). */
  readonly status: string;
  readonly changes: NotificationCounts;
}

/** What every body has: `text` is one line, so chat incoming webhooks (Slack, Mattermost) show it as it is. */
interface NotificationBase {
  readonly event: NotifyEvent;
  readonly text: string;
  readonly status: string;
}

/** A pipeline run ended (any trigger, any result). */
export interface RunFinishedNotification extends NotificationBase {
  readonly event: 'run-finished';
  readonly ref: string;
  readonly commit: string;
  /** `main`, `deploy-tag`, `feature-branch` or `none`. */
  readonly trigger: string;
  /** The run's status: `succeeded`, `failed`, `refused` or `nothing-to-do`. */
  readonly status: string;
  readonly stages: readonly NotificationStage[];
  readonly runUrl?: string;
}

/** An environment applied, verified and soaked a commit: the next environment may be tagged. */
export interface ReadyToPromoteNotification extends NotificationBase {
  readonly event: 'ready-to-promote';
  readonly status: 'ready';
  readonly environment: string;
  readonly commit: string;
  readonly ref: string;
  /** The environment the commit may go to, the deploy tag and the command that promotes it. */
  readonly next: { readonly environment: string; readonly tag: string; readonly command: string };
  readonly runUrl?: string;
}

/** New drift: an environment's live state differs from its recorded commit (sent once until it is clean). */
export interface DriftNotification extends NotificationBase {
  readonly event: 'drift';
  readonly status: 'drifted';
  readonly environment: string;
  /** The recorded commit the environment was planned from. */
  readonly commit: string;
  readonly changes: NotificationCounts;
  readonly runUrl?: string;
}

/** An environment was frozen: applies to it are refused until it is unfrozen or `until` passes. */
export interface FrozenNotification extends NotificationBase {
  readonly event: 'frozen';
  readonly status: 'frozen';
  readonly environment: string;
  readonly reason: string;
  /** Who froze it. */
  readonly by: string;
  /** ISO 8601 time the freeze ends by itself. */
  readonly until?: string;
}

/** An environment's freeze ended (`unfreeze`, or its `until` passed). */
export interface UnfrozenNotification extends NotificationBase {
  readonly event: 'unfrozen';
  readonly status: 'unfrozen';
  readonly environment: string;
  /** Who unfroze it. */
  readonly by: string;
  /** The reason the freeze had. */
  readonly reason?: string;
}

/** A notification's JSON body, one shape per event. */
export type Notification =
  | RunFinishedNotification
  | ReadyToPromoteNotification
  | DriftNotification
  | FrozenNotification
  | UnfrozenNotification;
