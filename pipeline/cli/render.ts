import { promotionHint } from '../report/promotion.js';
import type { EnvironmentStatus, ExplainResult, RunResult, StageResult } from '../model.js';
import { plain, Table, type Colors } from './colors.js';
import { actionLabel, gateLine, runStatus, seconds, sinceSuffix, stackStatus, stageStatus } from './format.js';
import { statusNotes, statusTrigger, waitingCell } from './status-notes.js';

export { colorEnabled, colorsFor, plain, Table, type Colors } from './colors.js';
export {
  progressRenderer,
  RUN_WORDS,
  type ProgressEvent,
  type ProgressOptions,
  type ProgressRenderer,
  type ProgressWords,
} from './progress.js';
export { verboseLine } from './progress-lines.js';
export type { Unit } from './progress-units.js';

/** Text of `explain`. */
export function renderExplain(result: ExplainResult, c: Colors = plain): string {
  const head = `${c.bold(result.ref)}: ${result.trigger}`;
  if (result.stages.length === 0) return `${head}\nnothing to do${result.message ? `: ${result.message}` : ''}\n`;
  return `${[
    head,
    ...result.stages.flatMap((s, i) => [
      `  ${i + 1}. ${c.bold(s.environment)} (workspace ${s.workspace}): ${s.actions.join(' → ')}`,
      ...(s.stacks ?? []).map(
        (k) => `       stack ${k.stack}${k.dependsOn.length > 0 ? c.dim(` (after ${k.dependsOn.join(', ')})`) : ''}`,
      ),
    ]),
  ].join('\n')}\n`;
}

/** Final table of a run, or of one environment's plan/apply: environment, action, result, counts, time. */
export function renderStages(stages: readonly StageResult[], c: Colors = plain): string {
  const table = new Table({
    head: ['environment', 'action', 'result', 'add', 'change', 'destroy', 'time'],
    colAligns: ['left', 'left', 'left', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [] },
  });
  for (const s of stages) {
    const skipped = s.status === 'skipped';
    table.push([
      s.environment,
      actionLabel(s.actions),
      stageStatus(s.status, c) + sinceSuffix(s),
      s.changes.add,
      s.changes.change,
      s.changes.destroy > 0 ? c.red(String(s.changes.destroy)) : 0,
      skipped ? '' : seconds(s.durationMs),
    ]);
    // An environment made of stacks: one indented row each, under the environment's sum.
    for (const k of s.stacks ?? []) {
      table.push([
        `  ${k.stack}`,
        '',
        stackStatus(k.status, c) + sinceSuffix(k),
        k.changes.add,
        k.changes.change,
        k.changes.destroy > 0 ? c.red(String(k.changes.destroy)) : 0,
        k.status === 'skipped' ? '' : seconds(k.durationMs),
      ]);
    }
  }
  return `${table.toString()}\n`;
}

/** Options of {@link renderRun}. */
export interface RunRenderOptions {
  /** Default {@link plain}. */
  readonly colors?: Colors;
  /** Environments in promotion order: a successful main run then ends with the promotion command. */
  readonly environments?: readonly string[];
  /** Clock of the promotion hint's tag name; default now. */
  readonly now?: Date;
}

/** Text of `run`: one line with ref, commit and status, the gate, the table, and the next step. */
export function renderRun(result: RunResult, opts: RunRenderOptions = {}): string {
  const c = opts.colors ?? plain;
  const took = result.stages.length > 0 ? c.dim(` in ${seconds(result.durationMs)}`) : '';
  const lines = [
    `${c.bold(result.ref)} at ${result.commit.slice(0, 12) || 'unknown commit'} (${result.trigger}): ` +
      `${runStatus(result.status, c)}${took}`,
  ];
  if (result.gate?.overridden) lines.push(gateLine(result.gate, c)); // a pass is progress; a refusal is the message
  const byChecks = result.stages.some((s) => s.status === 'refused');
  if (result.message && result.status !== 'succeeded')
    lines.push(
      result.status === 'nothing-to-do'
        ? result.message
        : c.red(
            result.status === 'refused' && !byChecks ? `promotion gate refused: ${result.message}` : result.message,
          ),
    );
  let text = `${lines.join('\n')}\n`;
  if (result.stages.length > 0) text += renderStages(result.stages, c);
  const hint = opts.environments ? promotionHint(result, opts.environments, opts.now) : undefined;
  if (hint) text += `Next: promote ${result.commit.slice(0, 12)} to ${hint.environment}:\n  ${c.cyan(hint.command)}\n`;
  return text;
}

/** Text of `status`: per environment the last pipeline apply's commit, ref, time and origin. */
export function renderStatus(statuses: readonly EnvironmentStatus[], c: Colors = plain): string {
  // "by" (CI actor or run) only when some apply ran in CI: locally it would be an empty column.
  const by = statuses.some((s) => s.record?.actor ?? s.record?.runUrl);
  // The last drift check only when one was ever run.
  const drift = statuses.some((s) => s.lastDriftCheck);
  // Waiting commits only when some environment has any.
  const waiting = statuses.some((s) => (s.pending?.commits.length ?? 0) > 0);
  const head = ['environment', 'commit', 'ref', 'trigger', 'applied at', ...(by ? ['by'] : [])];
  const tail = [...(drift ? ['last drift check'] : []), ...(waiting ? ['waiting'] : [])];
  const table = new Table({ head: [...head, ...tail], style: { head: [], border: [] } });
  for (const s of statuses) {
    const r = s.record;
    const none = s.partial
      ? c.yellow(`no record: ${s.partial}`)
      : c.dim(s.exists ? 'no pipeline apply recorded' : 'workspace not created');
    const row = [s.environment, r ? r.commit.slice(0, 12) : none, r?.ref ?? '', statusTrigger(s, c), r?.time ?? ''];
    const d = s.lastDriftCheck;
    const labels = { drift: c.yellow('DRIFT'), failed: c.red('failed'), 'no-drift': c.green('no drift') };
    const result = d ? labels[d.result] : '';
    // An environment made of stacks: which of them drifted or failed.
    const odd = d?.stacks?.filter((k) => k.result !== 'no-drift').map((k) => `${k.stack}: ${k.result}`) ?? [];
    const check = d ? `${d.time} ${result}${odd.length > 0 ? ` (${odd.join(', ')})` : ''}` : '';
    table.push([
      ...(by ? [...row, r?.actor ?? r?.runUrl ?? ''] : row),
      ...(drift ? [check] : []),
      ...(waiting ? [waitingCell(s, c)] : []),
    ]);
  }
  return `${[table.toString(), ...statusNotes(statuses, c)].join('\n')}\n`;
}
