import Table from 'cli-table3';
import pc from 'picocolors';
import type { EnvironmentStatus, ExplainResult, PipelineEvent, RunResult, StageResult } from '../run/types.js';

/** Text of `explain`. */
export function renderExplain(result: ExplainResult): string {
  const head = `${result.ref}: ${result.trigger}`;
  if (result.stages.length === 0) return `${head}\nnothing to do${result.message ? `: ${result.message}` : ''}\n`;
  return [head, ...result.stages.map((s, i) => `  ${i + 1}. ${s.environment} (workspace ${s.workspace}): ${s.actions.join(' → ')}`)].join('\n') + '\n';
}

/** Final table of a run, or of one environment's plan/apply. */
export function renderStages(stages: readonly StageResult[]): string {
  const table = new Table({ head: ['environment', 'action', 'result', 'add', 'change', 'destroy', 'time'], style: { head: [], border: [] } });
  for (const s of stages) {
    table.push([s.environment, s.actions.includes('apply') ? 'plan + apply' : 'plan', colorStatus(s.status), s.changes.add, s.changes.change, s.changes.destroy, seconds(s.durationMs)]);
  }
  return table.toString() + '\n';
}

/** Text of `run`. */
export function renderRun(result: RunResult): string {
  const lines = [`${result.ref} at ${result.commit.slice(0, 12)}: ${result.trigger} → ${colorRunStatus(result.status)}`];
  if (result.gate) lines.push(`promotion gate: ${result.gate.passed ? 'passed' : result.gate.overridden ? pc.red('FAILED, OVERRIDDEN') : 'refused'} (${result.gate.message})`);
  if (result.message && result.status !== 'succeeded') lines.push(result.message);
  const text = lines.join('\n') + '\n';
  return result.stages.length > 0 ? text + renderStages(result.stages) : text;
}

/** Text of `status`. */
export function renderStatus(statuses: readonly EnvironmentStatus[]): string {
  const table = new Table({ head: ['environment', 'commit', 'ref', 'applied at', 'by'], style: { head: [], border: [] } });
  for (const s of statuses) {
    const r = s.record;
    table.push([s.environment, r ? r.commit.slice(0, 12) : s.exists ? pc.dim('no pipeline apply recorded') : pc.dim('workspace not created'), r?.ref ?? '', r?.time ?? '', r?.actor ?? r?.runUrl ?? '']);
  }
  return table.toString() + '\n';
}

/** Progress lines for a terminal or CI log, from pipeline events; `undefined` for events not shown. */
export function renderEvent(event: PipelineEvent): string | undefined {
  switch (event.type) {
    case 'synth':
      return pc.dim(`synthesized in ${seconds(event.durationMs)}`);
    case 'stage-start':
      return pc.bold(`▶ ${event.environment}: ${event.actions.join(' → ')}`);
    case 'step-end':
      return `  ${event.ok ? pc.green('✓') : pc.red('✗')} ${event.action} ${pc.dim(seconds(event.durationMs))}`;
    case 'plan-summary':
      return `  ${event.hasChanges ? `${event.changes.add} to add, ${event.changes.change} to change, ${event.changes.destroy} to destroy` : 'no changes'}`;
    case 'gate':
      return event.result.passed ? `promotion gate passed: ${event.result.message}` : pc.red(`promotion gate refused: ${event.result.message}`);
    case 'warning':
      return pc.yellow(pc.bold(`WARNING: ${event.message}`));
    default:
      return undefined;
  }
}

function colorStatus(status: StageResult['status']): string {
  return status === 'failed' ? pc.red(status) : status === 'applied' ? pc.green(status) : status === 'skipped' ? pc.dim(status) : status;
}

function colorRunStatus(status: RunResult['status']): string {
  return status === 'succeeded' ? pc.green(status) : status === 'nothing-to-do' ? status : pc.red(status);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
