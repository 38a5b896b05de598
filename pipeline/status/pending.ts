import { promotionCommand } from '../execute/announce.js';
import { commitsBetween, resolveCommit } from '../git/index.js';
import { GitError } from '../git/errors.js';
import type { EnvironmentStatus } from '../model.js';
import type { Session } from '../session.js';

/** Most pending commits listed per environment. */
export const PENDING_LIMIT = 50;

/**
 * Each environment's pending promotions: the commits the previous environment (the main branch,
 * for the first) runs and this one does not, newest first, and the deploy tag command that would
 * bring the previous one's commit here. Rollback is tagging an earlier commit the previous
 * environment applied (`cdktf-gitops history`).
 */
export async function pendingOf(
  session: Session,
  statuses: readonly EnvironmentStatus[],
): Promise<EnvironmentStatus[]> {
  const cwd = session.settings.projectDir;
  const main = session.definition.mainBranch;
  const mainCommit = await firstCommit(cwd, [`refs/heads/${main}`, `refs/remotes/origin/${main}`]);
  return Promise.all(
    statuses.map(async (s, i) => {
      const from = i === 0 ? main : statuses[i - 1]!.environment;
      const tip = i === 0 ? mainCommit : statuses[i - 1]!.record?.commit;
      if (tip === undefined) return s;
      const base = s.record?.commit;
      const commits = base === tip ? [] : await commitsBetween(cwd, base, tip, PENDING_LIMIT).catch(() => undefined);
      if (commits === undefined) return s;
      const command = i > 0 && commits.length > 0 ? promotionCommand(s.environment, tip).command : undefined;
      return { ...s, pending: { commits, from, ...(command ? { command } : {}) } };
    }),
  );
}

async function firstCommit(cwd: string, refs: readonly string[]): Promise<string | undefined> {
  for (const ref of refs) {
    try {
      return await resolveCommit(cwd, ref);
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
    }
  }
  return undefined;
}
