import type { StackResult, StageResult } from '../model.js';
import { code, escapeText } from './markdown-text.js';

/** Heading status of a run whose checks refused an apply (the gate's refusal has its own). */
export const REFUSED_BEFORE_APPLY = '⛔ refused before apply';

/** Differences, addresses and policy output listed per environment before "… and N more". */
const MAX_LINES = 20;

/** What the checks of a stage or of one stack of it said (a stack's status may be one of a stack's own). */
type Checked = Pick<StageResult | StackResult, 'environment' | 'guard' | 'review' | 'policies' | 'status'>;

/**
 * The checks between plan and apply, per environment: the destroy guard (refused or approved),
 * the reviewed-plan comparison, and each policy's verdict with its (bounded) output. For an
 * environment made of stacks the checks ran per stack: each is named `<env>/<stack>`.
 */
export function applyChecksMarkdown(stages: readonly StageResult[]): string[] {
  return stages.flatMap((s) =>
    s.stacks ? s.stacks.flatMap((k) => checks(k, `${s.environment}/${k.stack}`)) : checks(s, s.environment),
  );
}

/** The checks of one stage (or stack), named `name` in the text. */
function checks(s: Checked, name: string): string[] {
  return [...guard(s, name), ...review(s, name), ...policies(s, name)];
}

function guard(s: Checked, name: string): string[] {
  const g = s.guard;
  if (!g) return [];
  const what = [...g.destroys.map((a) => `- ${code(a)} (delete)`), ...g.replaces.map((a) => `- ${code(a)} (replace)`)];
  const trailer = code(`Allow-Destroy: ${s.environment}`);
  const by = g.approvedBy === 'flag' ? '`--allow-destroy`' : `the commit trailer ${trailer}`;
  const env = escapeText(name);
  const head = g.refused
    ? `**⛔ Destroy guard refused ${env}:** approve with \`--allow-destroy\` or a commit trailer ${trailer}`
    : g.approvedBy
      ? `**⚠️ Destroy guard: ${env} deletes or replaces resources, APPROVED by ${by}**`
      : `Destroy guard: ${env} is not protected`;
  return [head, '', ...cap(what), ''];
}

function review(s: Checked, name: string): string[] {
  const r = s.review;
  if (!r) return [];
  if (r.matches) {
    return [
      `✅ **Reviewed plan:** ${escapeText(name)} applies exactly the plan reviewed at ` +
        `${code(r.reviewedRef ?? '?')} (${escapeText(r.recordedAt ?? '?')})`,
      '',
    ];
  }
  const mark = s.status === 'refused' ? '⛔' : '⚠️';
  const when = r.recordedAt ? ` (reviewed at ${code(r.reviewedRef ?? '?')}, ${escapeText(r.recordedAt)})` : '';
  return [
    `**${mark} ${escapeText(name)} does NOT apply what was reviewed**${when}:`,
    '',
    ...cap(r.differences.map((d) => `- ${escapeText(d)}`)),
    '',
  ];
}

function policies(s: Checked, name: string): string[] {
  return (s.policies ?? []).flatMap((p) => {
    if (p.passed) return [`✅ Policy ${code(p.name)} passed (${escapeText(name)})`, ''];
    const output = p.output ? ['', '```text', ...p.output.replaceAll('```', "'''").split('\n'), '```'] : [];
    return [`**⛔ ${escapeText(p.message ?? `policy '${p.name}' failed`)}** (${escapeText(name)})`, ...output, ''];
  });
}

function cap(lines: string[]): string[] {
  if (lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES), `- … and ${lines.length - MAX_LINES} more`];
}
