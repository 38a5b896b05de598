import type { RunResult } from '../model.js';
import { readyToPromoteNotification, runFinishedNotification } from '../notify/builders.js';
import { notifyProject } from '../notify/project.js';
import { timestampSuffix } from '../report/promotion.js';
import type { Session } from '../session.js';

/** The deploy tag that would promote `commit` to `environment`, and the commands that push it. */
export function promotionCommand(environment: string, commit: string, now: Date = new Date()) {
  const tag = `${environment}-deploy-${timestampSuffix(now)}`;
  return { environment, tag, command: `git tag ${tag} ${commit} && git push origin ${tag}` };
}

/**
 * Tells the project's notification targets that a run finished, and which environment it left
 * ready to promote: applied, verified (where it has hooks) and with no soak time to wait out (the
 * drift job announces those once they have soaked). Failures are warnings only.
 */
export async function announceRun(session: Session, result: RunResult, signal?: AbortSignal): Promise<void> {
  if ((session.definition.notify ?? []).length === 0 || result.status === 'nothing-to-do') return;
  const runUrl = session.settings.ci.runUrl;
  await notifyProject(session, runFinishedNotification(result, { runUrl }), signal);
  const envs = session.environments;
  for (const stage of result.stages) {
    const next = envs[envs.indexOf(stage.environment) + 1];
    const moved = stage.status === 'applied' || stage.status === 'unchanged';
    const ready = moved && stage.verification?.status !== 'failed';
    if (!ready || next === undefined || session.definition.soakTime?.[stage.environment] !== undefined) continue;
    const notification = readyToPromoteNotification(
      {
        environment: stage.environment,
        commit: result.commit,
        ref: result.ref,
        next: promotionCommand(next, result.commit),
        verified: stage.verification?.status === 'passed',
      },
      { runUrl },
    );
    await notifyProject(session, notification, signal);
  }
}
