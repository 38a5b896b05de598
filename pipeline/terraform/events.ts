import type { Diagnostic } from './types.js';
import { asObject, parseJsonObject, type Json } from './json.js';

/**
 * Typed events of a runner; none of them carries attribute or output values. `command-start`
 * and `command-end` frame every invocation; `interrupt` reports each signal sent on abort.
 */
export type TerraformEvent =
  | { type: 'command-start'; command: string; args: string[]; cwd: string }
  | { type: 'command-end'; command: string; exitCode: number; durationMs: number }
  | { type: 'planned-change'; address: string; action: string }
  | {
      type: 'apply-progress';
      address: string;
      action: string;
      /** `progress` is terraform's periodic "still creating" message. */
      phase: 'start' | 'progress' | 'complete' | 'errored';
      elapsedSeconds?: number;
    }
  | { type: 'change-summary'; operation: 'plan' | 'apply'; add: number; change: number; remove: number }
  | { type: 'diagnostic'; diagnostic: Diagnostic }
  | { type: 'interrupt'; command: string; signal: 'SIGINT' | 'SIGKILL' };

/** What one line of terraform's `-json` UI stream means to the runner. */
export interface UiLine {
  /** The typed event, when the line is one the runner reports. */
  event?: TerraformEvent;
  /** The diagnostic, when the line is one. */
  diagnostic?: Diagnostic;
}

const APPLY_PHASES: Record<string, 'start' | 'progress' | 'complete' | 'errored'> = {
  apply_start: 'start',
  apply_progress: 'progress',
  apply_complete: 'complete',
  apply_errored: 'errored',
};

/** Maps one line of the machine-readable UI (`plan -json`, `apply -json`) to an event; other lines map to `{}`. */
export function parseUiLine(line: string): UiLine {
  const message = parseJsonObject(line);
  if (message === undefined) return {};
  const type = message.type;
  if (type === 'planned_change') {
    const change = asObject(message.change);
    return { event: { type: 'planned-change', address: resourceAddress(change), action: String(change.action ?? '') } };
  }
  if (typeof type === 'string' && type in APPLY_PHASES) {
    const hook = asObject(message.hook);
    const event: TerraformEvent = {
      type: 'apply-progress',
      address: resourceAddress(hook),
      action: String(hook.action ?? ''),
      phase: APPLY_PHASES[type]!,
    };
    if (typeof hook.elapsed_seconds === 'number') event.elapsedSeconds = hook.elapsed_seconds;
    return { event };
  }
  if (type === 'change_summary') {
    const changes = asObject(message.changes);
    const operation = changes.operation === 'apply' ? 'apply' : 'plan';
    return {
      event: {
        type: 'change-summary',
        operation,
        add: num(changes.add),
        change: num(changes.change),
        remove: num(changes.remove),
      },
    };
  }
  if (type === 'diagnostic') {
    const diagnostic = toDiagnostic(asObject(message.diagnostic));
    return { event: { type: 'diagnostic', diagnostic }, diagnostic };
  }
  return {};
}

/** Keeps only severity, summary, detail and address: snippets may quote configuration. */
function toDiagnostic(raw: Json): Diagnostic {
  const diagnostic: Diagnostic = {
    severity: raw.severity === 'warning' ? 'warning' : 'error',
    summary: String(raw.summary ?? ''),
  };
  if (typeof raw.detail === 'string' && raw.detail !== '') diagnostic.detail = raw.detail;
  if (typeof raw.address === 'string' && raw.address !== '') diagnostic.address = raw.address;
  return diagnostic;
}

function resourceAddress(holder: Json): string {
  return String(asObject(holder.resource).addr ?? '');
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
