import { promotionCommand } from '../execute/announce.js';
import { readEnvironmentRecord } from '../execute/read-records.js';
import { metadataTarget, readHistory } from '../execute/stage-runs.js';
import { hooksOf } from '../execute/verify.js';
import type { DriftResult } from '../model.js';
import { driftNotification, readyToPromoteNotification } from '../notify/builders.js';
import { notifyProject } from '../notify/project.js';
import { lastApplyOf, verificationOf } from '../records/history.js';
import type { Session, TerraformSetup } from '../session.js';
import { readMetadata, writeMetadata } from '../stackdir/metadata.js';
import { parseDuration } from '../time/durations.js';
import { DRIFT_METADATA_KEY, parseDriftCheckRecord } from './last-check.js';

/** Metadata key of the commit an environment was last announced ready to promote for. */
export const ANNOUNCED_KEY = 'ready-to-promote';

/** The results of each environment's previous drift check, read before this check keeps its own. */
export async function previousChecks(session: Session, setup: TerraformSetup, environments: readonly string[]) {
  const out = new Map<string, string>();
  for (const environment of environments) {
    const stored = await readMetadata(metadataTarget(session, setup, environment), DRIFT_METADATA_KEY).catch(
      () => undefined,
    );
    const previous = parseDriftCheckRecord(stored);
    if (previous) out.set(environment, previous.result);
  }
  return out;
}

/**
 * What the scheduled drift job tells the project's notification targets: new drift only (an
 * environment that drifts again is announced once, until a check finds it clean), and environments
 * whose soak time is over, once per commit.
 */
export async function announceDrift(
  session: Session,
  setup: TerraformSetup,
  result: DriftResult,
  previous: ReadonlyMap<string, string>,
  signal?: AbortSignal,
): Promise<void> {
  if ((session.definition.notify ?? []).length === 0) return;
  const runUrl = session.settings.ci.runUrl;
  for (const e of result.environments) {
    if (e.drift !== true || e.commit === null || previous.get(e.environment) === 'drift') continue;
    const notification = driftNotification(
      { environment: e.environment, commit: e.commit, changes: e.changes },
      { runUrl },
    );
    await notifyProject(session, notification, signal);
  }
  await announceSoaked(session, setup, signal);
}

/** Each environment with a soak time whose verified apply has soaked: the next may be tagged (once per commit). */
async function announceSoaked(session: Session, setup: TerraformSetup, signal?: AbortSignal): Promise<void> {
  const envs = session.environments;
  const key = session.settings.recordKey;
  for (const [i, environment] of envs.entries()) {
    const soak = session.definition.soakTime?.[environment];
    const next = envs[i + 1];
    if (soak === undefined || next === undefined) continue;
    const record = (await readEnvironmentRecord(session, setup, environment, signal)).record;
    if (!record) continue;
    const history = await readHistory(session, setup, environment, signal);
    const applied = lastApplyOf(history, record.commit, key);
    const hooks = hooksOf(session, environment).length > 0;
    const verified = !hooks || verificationOf(history, record.commit, key)?.status === 'passed';
    if (!applied || !verified || Date.parse(applied.time) + parseDuration(soak) > Date.now()) continue;
    const target = metadataTarget(session, setup, environment);
    if ((await readMetadata(target, ANNOUNCED_KEY)) === record.commit) continue;
    const input = {
      environment,
      commit: record.commit,
      ref: record.ref,
      next: promotionCommand(next, record.commit),
      verified: hooks,
    };
    await notifyProject(session, readyToPromoteNotification(input, { runUrl: session.settings.ci.runUrl }), signal);
    await writeMetadata(target, ANNOUNCED_KEY, record.commit).catch(() => undefined);
  }
}
