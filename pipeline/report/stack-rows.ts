import type { StackResult, StackStatus, StageResult } from '../model.js';
import { escapeText } from './markdown-text.js';

/** How a stage's status reads in Markdown tables. */
export const STAGE_LABELS: Record<StageResult['status'], string> = {
  applied: '✅ applied',
  planned: '📝 planned',
  'no-changes': 'no changes',
  unchanged: '⏩ unchanged',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
  refused: '⛔ refused',
};

/** How a stack's status reads in Markdown tables (a stage's labels, and the two of plan-only dependants). */
export const STACK_LABELS: Record<StackStatus, string> = {
  ...STAGE_LABELS,
  'planned-with-unapplied-dependencies': '📝 planned, not final',
  'blocked-by-dependencies': '⏸️ blocked',
};

/** A stage's result in a table; an unchanged one says since which commit (`⏩ unchanged since 1a2b3c4`). */
export function stageLabel(stage: Pick<StageResult, 'status' | 'unchangedSince'>): string {
  return `${STAGE_LABELS[stage.status]}${since(stage)}`;
}

/** A stack's result in a table: its status, and the dependencies whose changes are not applied yet. */
export function stackLabel(stack: StackResult): string {
  const unapplied = stack.unappliedDependencies ?? [];
  const after = unapplied.length > 0 ? ` (${unapplied.join(', ')} not applied yet)` : '';
  return `${STACK_LABELS[stack.status]}${since(stack)}${escapeText(after)}`;
}

function since(r: { readonly status: string; readonly unchangedSince?: string }): string {
  return r.status === 'unchanged' && r.unchangedSince ? ` since \`${r.unchangedSince.slice(0, 7)}\`` : '';
}

/** A stack's name in a table's environment column: `<env>/<stack>`, as the terminal shows it. */
export function stackName(stage: Pick<StageResult, 'environment'>, stack: Pick<StackResult, 'stack'>): string {
  return escapeText(`${stage.environment}/${stack.stack}`);
}

/**
 * Why stacks of a plan-only stage could not plan while their dependencies' changes are unapplied
 * (`blocked-by-dependencies` keeps the plan's error without failing the stage): one line each.
 */
export function blockedNotes(stage: StageResult): string[] {
  const blocked = (stage.stacks ?? []).filter((k) => k.status === 'blocked-by-dependencies');
  return blocked.flatMap((k) => {
    const deps = k.unappliedDependencies ?? [];
    const until = `${deps.join(', ')} ${deps.length > 1 ? 'are' : 'is'} applied`;
    return [`**${escapeText(k.stack)}** cannot plan until ${escapeText(until)}${why(k)}`, ''];
  });
}

/**
 * The rows of an environment's stacks under its own in a table (`cells` gives the columns after the
 * name), or none for a one-stack environment.
 */
export function stackRows(stage: StageResult, cells: (stack: StackResult) => readonly (string | number)[]): string[] {
  return (stage.stacks ?? []).map((k) => `| ${[stackName(stage, k), ...cells(k)].join(' | ')} |`);
}

function why(stack: StackResult): string {
  return stack.error ? `: ${escapeText(stack.error.message)}` : '';
}
