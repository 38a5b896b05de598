import type { EnvironmentStatus } from '../model.js';
import { describeFreeze } from '../records/freeze.js';
import { RECORD_KEY_ENV } from '../records/signature.js';
import { formatDuration } from '../time/durations.js';
import type { Colors } from './colors.js';
import { docPath } from './doc-pages.js';

/** The trigger as `status` shows it: an apply the gate refused and an override let through says so. */
export function statusTrigger(s: EnvironmentStatus, c: Colors): string {
  const r = s.record;
  if (!r) return '';
  return r.gateOverridden ? `${r.trigger} ${c.red('(GATE OVERRIDDEN)')}` : r.trigger;
}

/** How many commits wait to reach an environment, and from where (`2 commits waiting (ops)`). */
export function waitingCell(s: EnvironmentStatus, c: Colors): string {
  const n = s.pending?.commits.length ?? 0;
  if (n === 0) return '';
  const text = `${n === 1 ? '1 commit' : `${n} commits`} waiting (${s.pending!.from})`;
  return c.yellow(text);
}

/**
 * Lines under the `status` table: freezes, failed verifications, soak times, states that are not the
 * ones the pipeline last applied, records whose signature does not hold, and, without a key, that
 * records are not signed at all; then the commands that would promote what waits.
 */
export function statusNotes(statuses: readonly EnvironmentStatus[], c: Colors): string[] {
  const lines: string[] = [];
  for (const s of statuses) {
    if (s.freeze) lines.push(c.red(`${describeFreeze(s.freeze)} (every apply to it is refused)`));
    if (s.verification?.status === 'failed') {
      const failed = s.verification.checks.filter((k) => k.status === 'failed').map((k) => `'${k.name}'`);
      lines.push(
        c.red(`${s.environment}: what it runs failed verification ${failed.join(', ')} (${s.verification.time})`),
      );
    }
    if (s.soak && s.soak.remainingMs > 0) {
      lines.push(
        c.yellow(`${s.environment}: soaking until ${s.soak.until} (in ${formatDuration(s.soak.remainingMs)})`),
      );
    }
    if (s.stateProblem)
      lines.push(c.red(`${s.environment}: ${s.stateProblem}; its applies are refused until approved`));
    if (s.record && (s.recordSignature === 'unsigned' || s.recordSignature === 'invalid')) {
      const what = s.recordSignature === 'unsigned' ? 'is unsigned' : 'has a signature that does not match (forged?)';
      lines.push(c.red(`${s.environment}: its record ${what}: the gate does not accept it`));
    }
  }
  if (statuses.length > 0 && statuses.every((s) => s.recordSignature === 'no-key')) {
    lines.push(
      c.dim(`records are not signed: set ${RECORD_KEY_ENV} in the jobs that apply (${docPath('security.md')})`),
    );
  }
  for (const s of statuses)
    if (s.pending?.command) lines.push(`promote to ${s.environment}: ${c.cyan(s.pending.command)}`);
  return lines;
}
