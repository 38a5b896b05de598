import type { RunResult, StageResult } from '../run/types.js';

/** GitHub's job summary limit (per step); summaries never exceed it. */
export const SUMMARY_LIMIT = 65536;

/** A Markdown summary of a run: one line per environment, then each environment's changes. */
export function runToMarkdown(result: RunResult, opts: { limit?: number; tagHint?: string } = {}): string {
  const lines = [
    `## cdktf-gitops: ${statusWord(result.status)}`,
    '',
    `\`${result.ref}\` at \`${result.commit.slice(0, 12) || 'unknown'}\` (trigger: ${result.trigger})`,
    '',
  ];
  if (result.message) lines.push(`> ${result.message.replace(/\n/g, '\n> ')}`, '');
  if (result.gate?.overridden) lines.push(`> **Promotion gate overridden**: ${result.gate.message}`, '');
  const risky = result.stages.flatMap((s) => s.resourceChanges.filter((c) => c.actions.includes('delete')).map((c) => `${s.environment}: \`${c.address}\` (${c.actions.includes('create') ? 'replace' : 'destroy'})`));
  if (risky.length > 0) lines.push('**Destroys and replacements**', '', ...risky.map((r) => `- ${r}`), '');
  if (result.stages.length > 0) {
    lines.push('| environment | action | result | add | change | destroy |', '|---|---|---|---:|---:|---:|');
    for (const s of result.stages) {
      lines.push(`| ${s.environment} | ${s.actions.includes('apply') ? 'plan + apply' : 'plan'} | ${s.status} | ${s.changes.add} | ${s.changes.change} | ${s.changes.destroy} |`);
    }
    lines.push('');
  }
  for (const s of result.stages) lines.push(...details(s));
  if (opts.tagHint) lines.push(opts.tagHint, '');
  return truncate(lines.join('\n'), opts.limit ?? SUMMARY_LIMIT);
}

function details(stage: StageResult): string[] {
  if (stage.resourceChanges.length === 0 && !stage.error) return [];
  const out = [`<details><summary>${stage.environment}: ${stage.resourceChanges.length} resource change(s)</summary>`, ''];
  if (stage.error) out.push(`**Error:** ${stage.error.message}`, '');
  const byAction = new Map<string, string[]>();
  for (const c of stage.resourceChanges) {
    const key = c.actions.join(', ');
    byAction.set(key, [...(byAction.get(key) ?? []), c.address]);
  }
  for (const [action, addresses] of byAction) {
    out.push(`**${action}**`, '', ...addresses.map((a) => `- \`${a}\``), '');
  }
  out.push('</details>', '');
  return out;
}

function statusWord(status: RunResult['status']): string {
  return { succeeded: 'succeeded', failed: 'FAILED', refused: 'refused by the promotion gate', 'nothing-to-do': 'nothing to do' }[status];
}

/** Cuts `text` to at most `limit` characters with a visible note. */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = '\n\n_… summary truncated: see the job log for the full list._\n';
  return text.slice(0, Math.max(0, limit - note.length)) + note;
}
