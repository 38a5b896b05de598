import type { Action, GateResult, RunResult, StackStatus, StageResult } from '../model.js';
import type { Colors } from './colors.js';

/** `1.2s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** What a stage does, in a header or a table: `plan` or `plan + apply`. */
export function actionLabel(actions: readonly string[]): string {
  return actions.includes('apply') ? 'plan + apply' : 'plan';
}

/** A stage's status, red when it failed or was refused, green when it applied. */
export function stageStatus(status: StageResult['status'], c: Colors): string {
  return status === 'failed' || status === 'refused'
    ? c.red(status)
    : status === 'applied'
      ? c.green(status)
      : status === 'skipped' || status === 'unchanged'
        ? c.dim(status)
        : status;
}

/** ` since 1a2b3c4` after the status of a stage or stack that change detection left unchanged. */
export function sinceSuffix(result: { readonly status: string; readonly unchangedSince?: string }): string {
  return result.status === 'unchanged' && result.unchangedSince ? ` since ${result.unchangedSince.slice(0, 7)}` : '';
}

/** A stack's status: a stage's, or yellow for a plan that waits for unapplied dependencies. */
export function stackStatus(status: StackStatus, c: Colors): string {
  if (status === 'planned-with-unapplied-dependencies' || status === 'blocked-by-dependencies') return c.yellow(status);
  return stageStatus(status, c);
}

/** A run's status, loud unless it succeeded or had nothing to do. */
export function runStatus(status: RunResult['status'], c: Colors): string {
  return status === 'succeeded' ? c.green(status) : status === 'nothing-to-do' ? status : c.red(c.bold(status));
}

/** The promotion gate's verdict in one line; an override is loud. */
export function gateLine(gate: GateResult, c: Colors): string {
  if (gate.passed) return `promotion gate passed: ${gate.message}`;
  return gate.overridden
    ? c.red(c.bold(`promotion gate FAILED, OVERRIDDEN: ${gate.message}`))
    : c.red(`promotion gate refused: ${gate.message}`);
}

/** `plan: 1 to add, 0 to change, 0 to destroy`, or what a plan without resource changes means. */
export function planSummary(
  changes: { add: number; change: number; destroy: number },
  hasChanges: boolean,
  c: Colors,
): string {
  if (!hasChanges) return 'plan: no changes';
  if (changes.add + changes.change + changes.destroy === 0)
    return `plan: no resource changes ${c.dim('(outputs or the deployment record only)')}`;
  const destroy = `${changes.destroy} to destroy`;
  const destroyed = changes.destroy > 0 ? c.red(c.bold(destroy)) : destroy;
  return `plan: ${changes.add} to add, ${changes.change} to change, ${destroyed}`;
}

/** terraform's symbol of a planned action (`+`, `~`, `-/+`, …). */
export function symbol(action: string, c: Colors): string {
  const symbols: Record<string, string> = {
    create: c.green('+'),
    update: c.yellow('~'),
    delete: c.red('-'),
    replace: c.red('-/+'),
    read: c.cyan('<='),
    move: c.yellow('→'),
    import: c.cyan('←'),
    remove: c.yellow('∅'),
  };
  return symbols[action] ?? action;
}

/** A refused stage's reasons, indented (policy output included, already bounded). */
export function refusalLines(stage: StageResult, c: Colors): string[] {
  // An environment made of stacks: every refused stack's reasons (the stage's own names the first only).
  const refused = stage.stacks?.filter((k) => k.status === 'refused') ?? [];
  const text =
    refused.length > 1
      ? refused.map((k) => `${k.stack}: ${k.refusal ?? 'refused before apply'}`).join('\n')
      : (stage.refusal ?? 'refused');
  return text.split('\n').map((line) => c.red(`    ${line}`));
}

/** The words of a stage's header and outcome: a run's by default; `drift` has its own. */
export interface ProgressWords {
  /** What a stage does, after its environment in the header (`plan`, `plan + apply`). */
  readonly action: (actions: readonly Action[]) => string;
  /** A stage's or a stack's outcome (`planned`, `applied`, …). */
  readonly status: (status: StackStatus, c: Colors) => string;
}

/** The words of `run`, `plan` and `apply`. */
export const RUN_WORDS: ProgressWords = { action: actionLabel, status: stackStatus };
