import type { LockHolder } from './errors.js';
import type { Diagnostic } from './types.js';

/** What a failed terraform command means to a caller. */
export type FailureClass =
  | { kind: 'lock'; lockId?: string; holder?: LockHolder }
  | { kind: 'stale-plan' }
  | { kind: 'other' };

/** terraform's diagnostic summaries (stable across backends) that callers branch on. */
const LOCK_SUMMARY = 'Error acquiring the state lock';
const STALE_SUMMARY = 'Saved plan is stale';

const LOCK_FIELDS: Record<string, keyof LockHolder | 'id'> = {
  ID: 'id',
  Path: 'path',
  Operation: 'operation',
  Who: 'who',
  Created: 'created',
};

/**
 * Classifies a failure from its `-json` diagnostics, falling back to stderr text for commands
 * without a `-json` mode (init, workspace). The only text matching in the runner lives here.
 */
export function classifyFailure(diagnostics: readonly Diagnostic[], stderr: string): FailureClass {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const lock = errors.find((d) => d.summary === LOCK_SUMMARY);
  if (lock) return { kind: 'lock', ...parseLockInfo(lock.detail ?? '') };
  if (errors.some((d) => d.summary === STALE_SUMMARY)) return { kind: 'stale-plan' };
  if (errors.length === 0) {
    if (stderr.includes(LOCK_SUMMARY)) return { kind: 'lock', ...parseLockInfo(stderr) };
    if (stderr.includes(STALE_SUMMARY)) return { kind: 'stale-plan' };
  }
  return { kind: 'other' };
}

/** Reads the `Lock Info:` block (`  ID: …`, `  Who: …`) terraform prints with a lock error. */
export function parseLockInfo(text: string): { lockId?: string; holder?: LockHolder } {
  const found: Partial<Record<keyof LockHolder | 'id', string>> = {};
  for (const line of text.split('\n')) {
    // Tolerates the box-drawing prefix terraform adds to human diagnostics.
    const match = /^[\s│]*(ID|Path|Operation|Who|Created):\s*(.*?)\s*$/.exec(line);
    if (match && match[2] !== '') found[LOCK_FIELDS[match[1]!]!] ??= match[2];
  }
  const { id, ...holder } = found;
  const result: { lockId?: string; holder?: LockHolder } = {};
  if (id !== undefined) result.lockId = id;
  if (Object.keys(holder).length > 0) result.holder = holder;
  return result;
}

/** A one-line reason for an error message: the first error diagnostic, else stderr's own message. */
export function failureReason(diagnostics: readonly Diagnostic[], stderr: string): string | undefined {
  const first = diagnostics.find((d) => d.severity === 'error');
  if (first) return first.summary;
  // Boxed blocks (╷ … ╵) are warnings printed even with -no-color, e.g. about the CLI config file.
  const lines = stderr
    .replace(/^╷[\s\S]*?^╵/gm, '')
    .split('\n')
    .map((line) => line.trim());
  const errorLine = lines.find((line) => line.startsWith('Error: '));
  return (
    errorLine?.slice('Error: '.length) ?? lines.find((line) => line !== '' && !line.endsWith('CLI configuration:'))
  );
}
