import type { RunResult, StackResult, StageResult } from '../model.js';
import { fitToLimit, flaggedChanges, SUMMARY_LIMIT, stageDetails } from './markdown.js';
import { code, escapeText } from './markdown-text.js';
import { stackLabel, stackRows, stageLabel } from './stack-rows.js';

/** Options of {@link previewToMarkdown}. */
export interface PreviewMarkdownOptions {
  /** Maximum length in characters; default {@link SUMMARY_LIMIT} (GitHub's comment and job-summary limit). */
  readonly limit?: number;
}

/**
 * A preview (every environment planned) as one Markdown summary for reviewers: destroys and
 * replacements flagged first, then the environments with changes (or a failure) in a table, the
 * unchanged ones collapsed into one line, and a collapsible section per changed environment.
 * Never attribute values; over `limit` the sections list fewer addresses, with a visible note.
 */
export function previewToMarkdown(result: RunResult, opts: PreviewMarkdownOptions = {}): string {
  const limit = opts.limit ?? SUMMARY_LIMIT;
  // Failures first (they need attention), then changes in promotion order.
  const changed = [
    ...result.stages.filter((s) => s.status === 'failed'),
    ...result.stages.filter((s) => s.status === 'planned'),
  ];
  const unchanged = result.stages.filter((s) => s.status === 'no-changes' || s.status === 'unchanged');
  const status =
    result.status === 'failed' || changed.some((s) => s.status === 'failed')
      ? '❌ FAILED'
      : changed.length === 0
        ? '✅ no changes'
        : `📝 ${changed.length} environment(s) change`;
  const head = [
    `## cdktf-gitops preview: ${status}`,
    '',
    `${code(result.ref)} at ${code(result.commit || 'unknown commit')} · ` +
      `every environment planned, nothing applied · ${seconds(result.durationMs)}`,
    '',
    ...flaggedChanges(changed),
    ...table(changed),
    ...(unchanged.length > 0 ? [`No changes: ${unchanged.map(noChangeName).join(', ')}.`, ''] : []),
  ];
  const render = (cap: number, note: string[] = []) =>
    [...head, ...note, ...changed.flatMap((s) => stageDetails(s, cap))].join('\n');
  return fitToLimit(
    render,
    changed.map((s) => s.resourceChanges),
    limit,
  );
}

/** `ops`, or `ops (unchanged since 1a2b3c4: not planned)` when change detection skipped it. */
function noChangeName(s: StageResult): string {
  const since =
    s.status === 'unchanged' && s.unchangedSince
      ? ` (unchanged since \`${s.unchangedSince.slice(0, 7)}\`: not planned)`
      : '';
  return `${escapeText(s.environment)}${since}`;
}

function table(stages: readonly StageResult[]): string[] {
  if (stages.length === 0) return [];
  const rows = stages.map((s) => {
    const destroy = s.changes.destroy > 0 ? `**${s.changes.destroy}** ⚠️` : '0';
    const replace = s.resourceChanges.some((c) => c.actions.includes('delete') && c.actions.includes('create'))
      ? ' ⚠️ replaces'
      : '';
    const status = `${stageLabel(s)}${replace}`;
    return `| ${escapeText(s.environment)} | ${status} | ${s.changes.add} | ${s.changes.change} | ${destroy} |`;
  });
  // An environment made of stacks: a row per stack under the environment's, which sums them up.
  const withStacks = rows.flatMap((row, i) => [row, ...stackRows(stages[i]!, stackCells)]);
  return ['| environment | result | add | change | destroy |', '|---|---|---:|---:|---:|', ...withStacks, ''];
}

/** A stack's cells in the preview table, after its name. */
function stackCells(k: StackResult): string[] {
  const destroy = k.changes.destroy > 0 ? `**${k.changes.destroy}** ⚠️` : '0';
  const replace = k.resourceChanges.some((c) => c.actions.includes('delete') && c.actions.includes('create'));
  return [`${stackLabel(k)}${replace ? ' ⚠️ replaces' : ''}`, String(k.changes.add), String(k.changes.change), destroy];
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
