import { readFreeze } from '../control/freeze.js';
import { DRIFT_METADATA_KEY, parseDriftCheckRecord } from '../drift/last-check.js';
import { readEnvironmentRecord, recordSignature } from '../execute/read-records.js';
import { metadataTarget, readHistory } from '../execute/stage-runs.js';
import type { DriftCheckRecord, EnvironmentStatus } from '../model.js';
import type { OperationOptions } from '../options.js';
import { lastApplyOf, verificationOf, type HistoryEntry } from '../records/history.js';
import type { Session, TerraformSetup } from '../session.js';
import { readMetadata } from '../stackdir/metadata.js';
import { parseDuration } from '../time/durations.js';
import { pendingOf } from './pending.js';
import { stateProblems } from './state-problems.js';

/**
 * Per environment: whether its workspace exists, the record of its last pipeline apply (and its
 * signature under the session's key), a state that is not the one the pipeline last applied, its
 * last drift check, its freeze, the verification of what it runs, its soak time left and the
 * commits waiting to reach it. Reads only; creates no workspace.
 */
export async function readStatus(session: Session, opts: OperationOptions): Promise<EnvironmentStatus[]> {
  const setup = await session.terraform(opts);
  const { stacks } = session.synth();
  const key = session.settings.recordKey;
  const now = new Date();
  const statuses: EnvironmentStatus[] = [];
  for (const environment of session.environments) {
    const history = await tolerant(session, environment, 'its history', () =>
      readHistory(session, setup, environment, opts.signal),
    );
    const stored = await readEnvironmentRecord(session, setup, environment, opts.signal, history ?? []);
    // A drift check needs a record; without one there is no metadata to read (and reading costs an init).
    const lastDriftCheck = stored.record
      ? await tolerant(session, environment, 'the last drift check', () => lastDrift(session, setup, environment, opts))
      : undefined;
    const problems = history ? await stateProblems(session, environment, history, opts) : [];
    const freeze = await tolerant(session, environment, 'its freeze', () =>
      readFreeze(session, setup, environment, opts.signal),
    );
    const commit = stored.record?.commit;
    const verification = commit && history ? verificationOf(history, commit, key) : undefined;
    const soak = commit && history ? soakOf(session, environment, history, commit, now) : undefined;
    statuses.push({
      environment,
      workspace: environment,
      exists: stored.exists,
      recordSignature: recordSignature(environment, stored, key),
      ...(stored.record ? { record: stored.record } : {}),
      ...(problems.length > 0 ? { stateProblem: problems.join('; ') } : {}),
      ...(stored.partial ? { partial: stored.partial } : {}),
      ...(stacks[environment]!.some((s) => s.named)
        ? {
            stacks: stored.stacks.map((s) => ({
              stack: s.stack,
              exists: s.stored !== undefined,
              ...(s.stored?.record ? { record: s.stored.record } : {}),
            })),
          }
        : {}),
      ...(lastDriftCheck ? { lastDriftCheck } : {}),
      ...(freeze ? { freeze } : {}),
      ...(verification ? { verification } : {}),
      ...(soak ? { soak } : {}),
    });
  }
  return pendingOf(session, statuses);
}

/** When the next environment may get the commit an environment runs, from its soak time and its apply's time. */
function soakOf(session: Session, environment: string, history: readonly HistoryEntry[], commit: string, now: Date) {
  const soak = session.definition.soakTime?.[environment];
  const applied = lastApplyOf(history, commit, session.settings.recordKey);
  if (soak === undefined || !applied) return undefined;
  const until = Date.parse(applied.time) + parseDuration(soak);
  return { until: new Date(until).toISOString(), remainingMs: until - now.getTime() };
}

/** The last drift check. */
async function lastDrift(
  session: Session,
  setup: TerraformSetup,
  environment: string,
  opts: OperationOptions,
): Promise<DriftCheckRecord | undefined> {
  return parseDriftCheckRecord(
    await readMetadata(metadataTarget(session, setup, environment), DRIFT_METADATA_KEY, opts),
  );
}

/** What `read` gives; a note that cannot be read is a warning (the record is what status is for). */
async function tolerant<T>(
  session: Session,
  environment: string,
  what: string,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    session.emit({ type: 'warning', environment, message: `${environment}: cannot read ${what}: ${reason}` });
    return undefined;
  }
}
