import { readHistory } from '../execute/stage-runs.js';
import { commitInfo, commitsBetween, resolveCommit } from '../git/index.js';
import type { EnvironmentStatus } from '../model.js';
import type { OperationOptions } from '../options.js';
import type { CommitView, EnvironmentView, StatusModel } from '../report/status-model.js';
import { publicEntry } from '../records/history.js';
import type { Session } from '../session.js';

/** Commits of the main branch the model lists (the rows of the status page's grid). */
export const GRID_COMMITS = 20;

/** History entries per environment the model keeps. */
export const MODEL_HISTORY = 50;

/**
 * The model the status page and `status --json` show: each environment (the commit it runs with its
 * subject, its record's details, verification, soak, freeze, drift, pending commits and history) and
 * the newest commits of the main branch.
 */
export async function statusModel(
  session: Session,
  statuses: readonly EnvironmentStatus[],
  opts: OperationOptions = {},
): Promise<StatusModel> {
  const cwd = session.settings.projectDir;
  const setup = await session.terraform(opts);
  const mainBranch = session.definition.mainBranch;
  const main = await mainTip(cwd, mainBranch);
  const commits: CommitView[] = main ? await commitsBetween(cwd, undefined, main, GRID_COMMITS).catch(() => []) : [];
  const environments = await Promise.all(
    statuses.map(async (s): Promise<EnvironmentView> => {
      const r = s.record;
      const info = r ? await commitInfo(cwd, r.commit) : undefined;
      const history = s.exists ? await readHistory(session, setup, s.environment, opts.signal).catch(() => []) : [];
      return {
        environment: s.environment,
        ...(r
          ? {
              current: {
                sha: r.commit,
                subject: info?.subject ?? '',
                ...(info ? { time: info.time, author: info.author } : {}),
                ref: r.ref,
                trigger: r.trigger,
                appliedAt: r.time,
                ...(r.actor ? { actor: r.actor } : {}),
                ...(r.runUrl ? { runUrl: r.runUrl } : {}),
                ...(r.gateOverridden ? { gateOverridden: true } : {}),
              },
            }
          : {}),
        ...(s.recordSignature ? { recordSignature: s.recordSignature } : {}),
        ...(s.stateProblem ? { stateProblem: s.stateProblem } : {}),
        ...(s.partial ? { partial: s.partial } : {}),
        ...(s.stacks
          ? { stacks: s.stacks.map((k) => ({ stack: k.stack, ...(k.record ? { commit: k.record.commit } : {}) })) }
          : {}),
        ...(s.verification
          ? { verification: { ...s.verification, checks: s.verification.checks.map((c) => ({ ...c, output: '' })) } }
          : {}),
        ...(s.soak ? { soak: s.soak } : {}),
        ...(s.freeze
          ? {
              freeze: {
                reason: s.freeze.reason,
                by: s.freeze.by,
                at: s.freeze.at,
                ...(s.freeze.until ? { until: s.freeze.until } : {}),
              },
            }
          : {}),
        ...(s.lastDriftCheck ? { lastDriftCheck: s.lastDriftCheck } : {}),
        ...(s.pending ? { pending: s.pending } : {}),
        history: [...history].reverse().slice(0, MODEL_HISTORY).map(publicEntry),
      };
    }),
  );
  return { generatedAt: new Date().toISOString(), mainBranch, environments, commits };
}

async function mainTip(cwd: string, branch: string): Promise<string | undefined> {
  for (const ref of [`refs/heads/${branch}`, `refs/remotes/origin/${branch}`]) {
    const sha = await resolveCommit(cwd, ref).catch(() => undefined);
    if (sha) return sha;
  }
  return undefined;
}
