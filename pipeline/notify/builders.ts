import type {
  DriftNotification,
  FrozenNotification,
  NotificationCounts,
  NotificationStage,
  ReadyToPromoteNotification,
  RunFinishedNotification,
  UnfrozenNotification,
} from './types.js';

// Each builder copies named fields only (never a spread of its input): no output, message or value reaches a body.

/** Longest `text` sent; a long freeze reason is cut. */
export const MAX_NOTIFICATION_TEXT = 1000;

/** Where the run that sent a notification can be seen (CI run URL), when there is one. */
export interface NotificationContext {
  readonly runUrl?: string | undefined;
}

/** What {@link runFinishedNotification} reads of a run's result (a `RunResult` is one). */
export interface RunSummary {
  readonly ref: string;
  readonly commit: string;
  readonly trigger: string;
  readonly status: string;
  readonly stages: readonly NotificationStage[];
}

/** The body of `run-finished`: ref, commit, trigger, status and each stage's status and counts. */
export function runFinishedNotification(
  result: RunSummary,
  context: NotificationContext = {},
): RunFinishedNotification {
  const stages = result.stages.map((s) => ({
    environment: s.environment,
    status: s.status,
    changes: counts(s.changes),
  }));
  const summary = stages.map((s) => `${s.environment} ${s.status}${countsText(s.status, s.changes)}`).join(', ');
  const text = `cdktf-gitops: ${result.trigger} run of ${short(result.commit)} (${result.ref}) ${result.status}`;
  return {
    event: 'run-finished',
    text: oneLine(`${text}${summary ? `: ${summary}` : ''}${runLink(context)}`),
    ref: result.ref,
    commit: result.commit,
    trigger: result.trigger,
    status: result.status,
    stages,
    ...runUrl(context),
  };
}

/** Input of {@link readyToPromoteNotification}; `next` is the promotion hint of the next environment. */
export interface ReadyToPromote {
  readonly environment: string;
  readonly commit: string;
  readonly ref: string;
  readonly next: { readonly environment: string; readonly tag: string; readonly command: string };
  /** Its verification hooks passed (say so only then: an environment may have none). */
  readonly verified?: boolean;
}

/** The body of `ready-to-promote`: what was applied where, and the command that promotes it further. */
export function readyToPromoteNotification(
  input: ReadyToPromote,
  context: NotificationContext = {},
): ReadyToPromoteNotification {
  const { environment, commit, ref, next } = input;
  return {
    event: 'ready-to-promote',
    text: oneLine(
      `cdktf-gitops: ${environment} runs ${short(commit)} (${ref})${input.verified ? ', verified' : ''}; promote it to ${next.environment}: ` +
        `${next.command}${runLink(context)}`,
    ),
    status: 'ready',
    environment,
    commit,
    ref,
    next: { environment: next.environment, tag: next.tag, command: next.command },
    ...runUrl(context),
  };
}

/** The body of `drift`: the environment, its recorded commit and the counts of the changes found. */
export function driftNotification(
  input: { readonly environment: string; readonly commit: string; readonly changes: NotificationCounts },
  context: NotificationContext = {},
): DriftNotification {
  const changes = counts(input.changes);
  return {
    event: 'drift',
    text: oneLine(
      `cdktf-gitops: drift in ${input.environment} (recorded ${short(input.commit)}): ` +
        `${changes.add} to add, ${changes.change} to change, ${changes.destroy} to destroy${runLink(context)}`,
    ),
    status: 'drifted',
    environment: input.environment,
    commit: input.commit,
    changes,
    ...runUrl(context),
  };
}

/** The body of `frozen`: who froze which environment, why, and until when. */
export function frozenNotification(input: {
  readonly environment: string;
  readonly reason: string;
  readonly by: string;
  readonly until?: Date | undefined;
}): FrozenNotification {
  const until = input.until?.toISOString();
  return {
    event: 'frozen',
    text: oneLine(
      `cdktf-gitops: ${input.environment} frozen by ${input.by}${until ? ` until ${until}` : ''}: ${input.reason}`,
    ),
    status: 'frozen',
    environment: input.environment,
    reason: input.reason,
    by: input.by,
    ...(until !== undefined ? { until } : {}),
  };
}

/** The body of `unfrozen`: who ended which environment's freeze (and the reason it had). */
export function unfrozenNotification(input: {
  readonly environment: string;
  readonly by: string;
  readonly reason?: string | undefined;
}): UnfrozenNotification {
  return {
    event: 'unfrozen',
    text: oneLine(
      `cdktf-gitops: ${input.environment} unfrozen by ${input.by}${input.reason ? ` (was: ${input.reason})` : ''}`,
    ),
    status: 'unfrozen',
    environment: input.environment,
    by: input.by,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
  };
}

/**
 * `text` on one line: line breaks and tabs (with the spaces around them) become one space, other
 * control characters go, and it is cut to {@link MAX_NOTIFICATION_TEXT} characters.
 */
export function oneLine(text: string): string {
  const spaced = text.replace(/\s*[\r\n\t\v\f\u2028\u2029\u0085]+\s*/g, ' ');
  const line = Array.from(spaced).filter(printable).join('').trim();
  return line.length > MAX_NOTIFICATION_TEXT ? `${line.slice(0, MAX_NOTIFICATION_TEXT - 1)}…` : line;
}

/** Not a C0 or C1 control character (an escape sequence would drive a terminal that shows the log). */
function printable(char: string): boolean {
  const code = char.codePointAt(0)!;
  return code >= 0x20 && !(code >= 0x7f && code <= 0x9f);
}

function counts(c: NotificationCounts): NotificationCounts {
  return { add: c.add, change: c.change, destroy: c.destroy };
}

/** ` (+1 ~0 -2)` for a stage that planned, nothing for one that did not get that far. */
function countsText(status: string, c: NotificationCounts): string {
  return status === 'applied' || status === 'planned' ? ` (+${c.add} ~${c.change} -${c.destroy})` : '';
}

function short(commit: string): string {
  return commit.slice(0, 12) || 'unknown commit';
}

function runUrl(context: NotificationContext): { runUrl?: string } {
  return context.runUrl ? { runUrl: context.runUrl } : {};
}

function runLink(context: NotificationContext): string {
  return context.runUrl ? ` (${context.runUrl})` : '';
}
