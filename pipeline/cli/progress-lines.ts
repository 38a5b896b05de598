import { isDeploymentRecordAddress } from '../../stacks/deployment-record-format.js';
import type { PipelineEvent } from '../model.js';
import type { TerraformEvent } from '../terraform/index.js';
import type { Colors } from './colors.js';
import { refusalLines, seconds, sinceSuffix } from './format.js';
import type { ProgressWords } from './format.js';

// The body of each progress line, as a sequential run prints it; progress.ts names units and places folds.

/** A typed terraform event's lines: slow and failed resources during apply; planned changes are collected. */
export function terraformLines(
  event: TerraformEvent,
  planned: { address: string; action: string }[],
  c: Colors,
): string[] {
  if (event.type === 'planned-change' && !isDeploymentRecordAddress(event.address) && event.action !== 'noop')
    planned.push(event);
  if (event.type !== 'apply-progress' || isDeploymentRecordAddress(event.address)) return [];
  if (event.phase === 'progress')
    return [c.dim(`    … ${event.address}: ${event.action} still running (${event.elapsedSeconds ?? '?'}s)`)];
  return event.phase === 'errored' ? [c.red(`    ✗ ${event.address}: ${event.action} failed`)] : [];
}

/** A stack's outcome. */
export function stackEnd(
  event: Extract<PipelineEvent, { type: 'stack-end' }>,
  words: ProgressWords,
  c: Colors,
  quiet: boolean | undefined,
): string[] {
  if (quiet) return [];
  const r = event.result;
  const name = `${event.environment}/${r.stack}`;
  if (r.status === 'failed') return [c.red(`  ✗ ${name} failed: ${r.error?.message ?? 'see above'}`)];
  if (r.status === 'refused') return [c.red(`  ⛔ ${name} refused before apply: ${r.refusal ?? ''}`)];
  const blocked = r.status === 'blocked-by-dependencies' && r.error ? `; plan failed: ${r.error.message}` : '';
  const unapplied = r.unappliedDependencies?.length
    ? c.yellow(` (${r.unappliedDependencies.join(', ')} not applied yet: not a final plan${blocked})`)
    : '';
  const time = r.status === 'skipped' ? '' : ` ${c.dim(`in ${seconds(r.durationMs)}`)}`;
  return [`  ${c.dim('→')} ${name}: ${words.status(r.status, c)}${sinceSuffix(r)}${time}${unapplied}`];
}

/** A stage's outcome (its separating blank line is the caller's). */
export function stageEnd(
  event: Extract<PipelineEvent, { type: 'stage-end' }>,
  words: ProgressWords,
  c: Colors,
  quiet: boolean | undefined,
): string[] {
  if (quiet) return [];
  const s = event.stage;
  if (s.status === 'refused')
    return [c.red(c.bold(`  ⛔ ${s.environment} REFUSED before apply (nothing applied):`)), ...refusalLines(s, c)];
  if (s.status === 'failed') return [c.red(`  ✗ ${s.environment} failed: ${s.error?.message ?? 'see above'}`)];
  const status = `${words.status(s.status, c)}${sinceSuffix(s)}`;
  return [`  ${c.dim('→')} ${s.environment}: ${status} ${c.dim(`in ${seconds(s.durationMs)}`)}`];
}

/** A raw terraform line for `--verbose`: for its `-json` UI lines, terraform's own human message. */
export function verboseLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const m = JSON.parse(line) as { '@message'?: unknown; diagnostic?: { detail?: unknown } };
    if (typeof m['@message'] !== 'string') return line;
    const detail =
      typeof m.diagnostic?.detail === 'string' && m.diagnostic.detail !== '' ? `: ${m.diagnostic.detail}` : '';
    return m['@message'] + detail;
  } catch {
    return line;
  }
}
