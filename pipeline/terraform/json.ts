import type { ChangeSummary } from './types.js';

/** A JSON object as terraform prints it. */
export type Json = Record<string, unknown>;

/** `value` when it is an object (arrays included), else an empty one: terraform's JSON read defensively. */
export function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null ? (value as Json) : {};
}

/** `value` when it is an array, else an empty one. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** One line of a `-json` stream as an object; `undefined` for anything else (a crash message, say). */
export function parseJsonObject(line: string): Json | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** Counts one change like terraform's plan line: a replacement is one add, one destroy and one replace. */
export function countChange(summary: ChangeSummary, actions: readonly string[], importing: boolean): void {
  const creates = actions.includes('create');
  const deletes = actions.includes('delete');
  if (creates) summary.add += 1;
  if (deletes) summary.destroy += 1;
  if (creates && deletes) summary.replace += 1;
  if (actions.includes('update')) summary.change += 1;
  if (importing) summary.import += 1;
}

/** Whether a change's actions change nothing. */
export function isNoop(actions: readonly string[]): boolean {
  return actions.length === 0 || actions.every((action) => action === 'no-op');
}
