import type { RunResult, StackResult, StageResult } from '../model.js';
import type { ResourceChange } from '../terraform/index.js';
import { groupChanges, isRisky } from './groups.js';
import { code, escapeText } from './markdown-text.js';
import { promotionHint } from './promotion.js';
import { applyChecksMarkdown, REFUSED_BEFORE_APPLY } from './checks-markdown.js';
import { blockedNotes, stackLabel, stackRows, stageLabel } from './stack-rows.js';

/** Upper bound of a summary, in characters; summaries never exceed it. */
export const SUMMARY_LIMIT = 65536;

/** Options of {@link runToMarkdown}. */
export interface MarkdownOptions {
  /** Maximum length in characters; default {@link SUMMARY_LIMIT}. */
  readonly limit?: number;
  /** Environments in promotion order: a successful main run then ends with the promotion command. */
  readonly environments?: readonly string[];
  /** Clock of the promotion hint's tag name; default now. */
  readonly now?: Date;
}

/** Destroys and replacements listed at the top; the rest are in the per-environment sections. */
const MAX_FLAGGED = 20;

const STATUS: Record<RunResult['status'], string> = {
  succeeded: '✅ succeeded',
  failed: '❌ FAILED',
  refused: '⛔ refused by the promotion gate',
  'nothing-to-do': 'nothing to do',
};

/**
 * A run as Markdown (for `--summary-file` and GitHub's job summary): status, ref and commit;
 * destroys and replacements flagged; one table row per environment; for a successful main run the
 * tag command that promotes it; then a collapsible section per environment with resource addresses
 * grouped by action. Never attribute values. Over `limit` characters, every group lists only its
 * first addresses (as many as fit) and a visible note says so.
 */
export function runToMarkdown(result: RunResult, opts: MarkdownOptions = {}): string {
  const limit = opts.limit ?? SUMMARY_LIMIT;
  // A run refused by the checks before apply (not by the gate) says so in its heading.
  const byChecks = result.status === 'refused' && result.stages.some((s) => s.status === 'refused');
  const status = byChecks ? REFUSED_BEFORE_APPLY : STATUS[result.status];
  const hint = opts.environments ? promotionHint(result, opts.environments, opts.now) : undefined;
  const head = [
    `## cdktf-gitops: ${status}`,
    '',
    `${code(result.ref)} at ${code(result.commit || 'unknown commit')} · trigger: ${result.trigger} · ` +
      seconds(result.durationMs),
    '',
    ...quote(result.message),
    ...gate(result),
    ...applyChecksMarkdown(result.stages),
    ...flagged(result.stages),
    ...table(result.stages),
    ...(hint ? [`**Next:** promote this commit to ${hint.environment}: ${code(hint.command)}`, ''] : []),
  ];
  const render = (cap: number, note: string[] = []) =>
    [...head, ...note, ...result.stages.flatMap((s) => details(s, cap))].join('\n');
  return fitToLimit(
    render,
    result.stages.map((s) => s.resourceChanges),
    limit,
  );
}

/**
 * The summary `render(cap, note)` at the largest per-group address cap that fits `limit`
 * characters (all of it when it fits as is), with a visible truncation note; `changes` are the
 * resource changes it lists, per section. Shared by every summary (runs, previews, drift checks).
 */
export function fitToLimit(
  render: (cap: number, note?: string[]) => string,
  changes: readonly (readonly ResourceChange[])[],
  limit: number,
): string {
  const full = render(Infinity);
  if (full.length <= limit) return full;
  // Every environment keeps its section: the largest per-group cap that fits, found by bisection.
  const groups = changes.flatMap((c) => groupChanges(c).map((g) => g.addresses.length));
  const total = groups.reduce((a, b) => a + b, 0);
  const note = (cap: number) => [
    `> ✂️ **Summary truncated** to ${limit} characters: each group below lists its first ${cap} addresses ` +
      `(${groups.reduce((a, n) => a + Math.min(n, cap), 0)} of ${total} resource changes). ` +
      'The job log has the full run.',
    '',
  ];
  let best: string | undefined;
  for (let lo = 0, hi = Math.max(0, ...groups); lo <= hi; ) {
    const cap = Math.floor((lo + hi) / 2);
    const text = render(cap, note(cap));
    if (text.length <= limit) [best, lo] = [text, cap + 1];
    else hi = cap - 1;
  }
  return best ?? cut(render(0, note(0)), limit);
}

function quote(message: string | undefined): string[] {
  if (!message) return [];
  const text = message.length > 4000 ? `${message.slice(0, 4000)}…` : message;
  return [
    ...escapeText(text)
      .split('\n')
      .map((l) => `> ${l}`),
    '',
  ];
}

function gate(result: RunResult): string[] {
  const g = result.gate;
  if (!g || (!g.passed && !g.overridden)) return []; // a refusal is already the message
  return [
    g.overridden
      ? `> **⚠️ Promotion gate OVERRIDDEN:** ${escapeText(g.message)}`
      : `Promotion gate passed: ${escapeText(g.message)}`,
    '',
  ];
}

function flagged(stages: readonly StageResult[]): string[] {
  const risky = stages.flatMap((s) =>
    groupChanges(s.resourceChanges)
      .filter((g) => isRisky(g.group))
      .flatMap((g) => g.addresses.map((a) => `- ${s.environment}: ${code(a)} (${g.group})`)),
  );
  if (risky.length === 0) return [];
  const more = risky.length > MAX_FLAGGED ? [`- … and ${risky.length - MAX_FLAGGED} more, listed below`] : [];
  return [`**⚠️ ${risky.length} destroy(s) or replacement(s)**`, '', ...risky.slice(0, MAX_FLAGGED), ...more, ''];
}

function table(stages: readonly StageResult[]): string[] {
  if (stages.length === 0) return [];
  const rows = stages.map((s) => {
    const destroy = s.changes.destroy > 0 ? `**${s.changes.destroy}** ⚠️` : '0';
    const took = s.status === 'skipped' ? '' : seconds(s.durationMs);
    return (
      `| ${s.environment} | ${actionOf(s)} | ${stageLabel(s)} | ` +
      `${s.changes.add} | ${s.changes.change} | ${destroy} | ${took} |`
    );
  });
  return [
    '| environment | action | result | add | change | destroy | time |',
    '|---|---|---|---:|---:|---:|---:|',
    // An environment made of stacks: a row per stack under the environment's, which sums them up.
    ...rows.flatMap((row, i) => [row, ...stackRows(stages[i]!, stackCells)]),
    '',
  ];
}

function details(stage: StageResult, cap: number): string[] {
  if (stage.resourceChanges.length === 0 && !stage.error) return [];
  const c = stage.changes;
  const out = [
    `<details><summary>${escapeText(stage.environment)}: ` +
      `${c.add} to add, ${c.change} to change, ${c.destroy} to destroy</summary>`,
    '',
  ];
  if (stage.error) out.push(`**Error:** ${escapeText(stage.error.message)}`, '');
  out.push(...blockedNotes(stage));
  for (const g of groupChanges(stage.resourceChanges)) {
    const more = g.addresses.length > cap ? [`- … and ${g.addresses.length - cap} more`] : [];
    out.push(
      `**${g.group}** (${g.addresses.length})`,
      '',
      ...g.addresses.slice(0, cap).map((a) => `- ${code(a)}`),
      ...more,
      '',
    );
  }
  out.push('</details>', '');
  return out;
}

/** Last resort (a head too long for the limit): whole lines while they fit, `<details>` closed, a note. */
function cut(text: string, limit: number): string {
  const note = '\n> ✂️ **Summary truncated**: the job log has the full run.\n';
  const close = '\n</details>';
  let out = '';
  let open = false;
  for (const line of text.split('\n')) {
    const openAfter: boolean = line.startsWith('<details>') ? true : line === '</details>' ? false : open;
    if (out.length + line.length + 1 + (openAfter ? close.length : 0) + note.length > limit) break;
    out += (out === '' ? '' : '\n') + line;
    open = openAfter;
  }
  out = (open ? out + close : out) + note;
  return out.length <= limit ? out : note.slice(0, limit);
}

/** A stack's cells in the run table, after its name. */
function stackCells(k: StackResult): string[] {
  const destroy = k.changes.destroy > 0 ? `**${k.changes.destroy}** ⚠️` : '0';
  const took = k.status === 'skipped' ? '' : seconds(k.durationMs);
  return ['', stackLabel(k), String(k.changes.add), String(k.changes.change), destroy, took];
}

function actionOf(stage: StageResult): string {
  return stage.actions.includes('apply') ? 'plan + apply' : 'plan';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** For the other summaries (previews, drift checks): an environment's section, the flagged list, stage labels. */
export { details as stageDetails, flagged as flaggedChanges };
