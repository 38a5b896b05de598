import type { StageResult } from '../run/types.js';
import { code, escapeText } from './markdown-text.js';

/** Heading status of a run whose checks refused an apply (the gate's refusal has its own). */
export const REFUSED_BEFORE_APPLY = '⛔ refused before apply';

/** Differences, addresses and policy output listed per environment before "… and N more". */
const MAX_LINES = 20;

/**
 * The checks between plan and apply, per environment: the destroy guard (refused or approved),
 * the reviewed-plan comparison, and each policy's verdict with its (bounded) output.
 */
export function applyChecksMarkdown(stages: readonly StageResult[]): string[] {
  return stages.flatMap((s) => [...guard(s), ...review(s), ...policies(s)]);
}

function guard(s: StageResult): string[] {
  const g = s.guard;
  if (!g) return [];
  const what = [...g.destroys.map((a) => `- ${code(a)} (delete)`), ...g.replaces.map((a) => `- ${code(a)} (replace)`)];
  const trailer = code(`Allow-Destroy: ${s.environment}`);
  const by = g.approvedBy === 'flag' ? '`--allow-destroy`' : `the commit trailer ${trailer}`;
  const env = escapeText(s.environment);
  const head = g.refused
    ? `**⛔ Destroy guard refused ${env}:** approve with \`--allow-destroy\` or a commit trailer ${trailer}`
    : g.approvedBy
      ? `**⚠️ Destroy guard: ${escapeText(s.environment)} deletes or replaces resources, APPROVED by ${by}**`
      : `Destroy guard: ${escapeText(s.environment)} is not protected`;
  return [head, '', ...cap(what), ''];
}

function review(s: StageResult): string[] {
  const r = s.review;
  if (!r) return [];
  if (r.matches) {
    return [
      `✅ **Reviewed plan:** ${escapeText(s.environment)} applies exactly the plan reviewed at ` +
        `${code(r.reviewedRef ?? '?')} (${escapeText(r.recordedAt ?? '?')})`,
      '',
    ];
  }
  const mark = s.status === 'refused' ? '⛔' : '⚠️';
  const when = r.recordedAt ? ` (reviewed at ${code(r.reviewedRef ?? '?')}, ${escapeText(r.recordedAt)})` : '';
  return [
    `**${mark} ${escapeText(s.environment)} does NOT apply what was reviewed**${when}:`,
    '',
    ...cap(r.differences.map((d) => `- ${escapeText(d)}`)),
    '',
  ];
}

function policies(s: StageResult): string[] {
  return (s.policies ?? []).flatMap((p) => {
    if (p.passed) return [`✅ Policy ${code(p.name)} passed (${escapeText(s.environment)})`, ''];
    const output = p.output ? ['', '```text', ...p.output.replaceAll('```', "'''").split('\n'), '```'] : [];
    return [
      `**⛔ ${escapeText(p.message ?? `policy '${p.name}' failed`)}** (${escapeText(s.environment)})`,
      ...output,
      '',
    ];
  });
}

function cap(lines: string[]): string[] {
  if (lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES), `- … and ${lines.length - MAX_LINES} more`];
}
