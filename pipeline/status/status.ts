import { DRIFT_METADATA_KEY, parseDriftCheckRecord } from '../drift/last-check.js';
import { lostState } from '../execute/checks/lost-state.js';
import { readEnvironmentRecord, recordSignature } from '../execute/read-records.js';
import { metadataTarget, readHistory } from '../execute/stage-runs.js';
import type { DriftCheckRecord, EnvironmentStatus } from '../model.js';
import type { OperationOptions } from '../options.js';
import { lastStateOf } from '../records/history.js';
import type { Session, TerraformSetup } from '../session.js';
import { pullState, stateIdentity } from '../stackdir/local-state.js';
import { readMetadata } from '../stackdir/metadata.js';

/**
 * Per environment: whether its workspace exists, the record of its last pipeline apply (and its
 * signature under the session's key), a state that is not the one the pipeline last applied, and
 * its last drift check. Reads only; creates no workspace.
 */
export async function readStatus(session: Session, opts: OperationOptions): Promise<EnvironmentStatus[]> {
  const setup = await session.terraform(opts);
  const { stacks } = session.synth();
  const statuses: EnvironmentStatus[] = [];
  for (const environment of session.environments) {
    const stored = await readEnvironmentRecord(session, setup, environment, opts.signal);
    // A drift check needs a record; without one there is no metadata to read (and reading costs an init).
    const lastDriftCheck = stored.record ? await lastDrift(session, setup, environment, opts) : undefined;
    const problems = stored.exists ? await stateProblems(session, setup, environment, opts) : [];
    statuses.push({
      environment,
      workspace: environment,
      exists: stored.exists,
      recordSignature: recordSignature(environment, stored, session.settings.recordKey),
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
    });
  }
  return statuses;
}

/** Each stack whose state is not the one the pipeline last applied, and why. */
async function stateProblems(
  session: Session,
  setup: TerraformSetup,
  environment: string,
  opts: OperationOptions,
): Promise<string[]> {
  try {
    const history = await readHistory(session, setup, environment, opts.signal);
    const problems: string[] = [];
    for (const stack of session.synth().stacks[environment]!) {
      const last = lastStateOf(history, stack.name, session.settings.recordKey);
      if (!last) continue;
      const tf = session.runner(stack.dir);
      const state = stateIdentity(await pullState(stack, environment, () => tf.statePull(opts)));
      const where = stack.named ? `${environment}/${stack.name}` : environment;
      const lost = lostState(where, { ...last, commit: last.entry.commit, time: last.entry.time }, state);
      if (lost) problems.push(lost);
    }
    return problems;
  } catch (error) {
    if (opts.signal?.aborted) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    session.emit({
      type: 'warning',
      environment,
      message: `${environment}: cannot compare its state with its history: ${reason}`,
    });
    return [];
  }
}

/** The environment's last drift check; a note that cannot be read is a warning (the record is what status is for). */
async function lastDrift(
  session: Session,
  setup: TerraformSetup,
  environment: string,
  opts: OperationOptions,
): Promise<DriftCheckRecord | undefined> {
  try {
    return parseDriftCheckRecord(
      await readMetadata(metadataTarget(session, setup, environment), DRIFT_METADATA_KEY, opts),
    );
  } catch (error) {
    if (opts.signal?.aborted) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    session.emit({
      type: 'warning',
      environment,
      message: `${environment}: cannot read the last drift check: ${reason}`,
    });
    return undefined;
  }
}
