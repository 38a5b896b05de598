import type { EnvironmentStatus } from '../model.js';
import { RECORD_KEY_ENV } from '../records/signature.js';
import type { Colors } from './colors.js';

/** The trigger as `status` shows it: an apply the gate refused and an override let through says so. */
export function statusTrigger(s: EnvironmentStatus, c: Colors): string {
  const r = s.record;
  if (!r) return '';
  return r.gateOverridden ? `${r.trigger} ${c.red('(GATE OVERRIDDEN)')}` : r.trigger;
}

/**
 * Lines under the `status` table: states that are not the ones the pipeline last applied, records
 * whose signature does not hold, and, without a key, that records are not signed at all.
 */
export function statusNotes(statuses: readonly EnvironmentStatus[], c: Colors): string[] {
  const lines: string[] = [];
  for (const s of statuses) {
    if (s.stateProblem)
      lines.push(c.red(`${s.environment}: ${s.stateProblem}; its applies are refused until approved`));
    if (s.record && (s.recordSignature === 'unsigned' || s.recordSignature === 'invalid')) {
      const what = s.recordSignature === 'unsigned' ? 'is unsigned' : 'has a signature that does not match (forged?)';
      lines.push(c.red(`${s.environment}: its record ${what}: the gate does not accept it`));
    }
  }
  if (statuses.length > 0 && statuses.every((s) => s.recordSignature === 'no-key')) {
    lines.push(c.dim(`records are not signed: set ${RECORD_KEY_ENV} in the jobs that apply (docs/review.md)`));
  }
  return lines;
}
