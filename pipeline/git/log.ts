import { runGit } from './run.js';

/** A commit with the first line of its message, its time and author. */
export interface CommitInfo {
  readonly sha: string;
  readonly subject: string;
  /** ISO 8601 commit time. */
  readonly time: string;
  readonly author: string;
}

const FORMAT = '--format=%H%x1f%s%x1f%cI%x1f%an%x1e';

/**
 * The commits reachable from `tip` and not from `base` (all of `tip`'s history without one),
 * newest first, at most `limit`: what `tip` has that `base` has not.
 */
export async function commitsBetween(
  cwd: string,
  base: string | undefined,
  tip: string,
  limit: number,
): Promise<CommitInfo[]> {
  const range = base === undefined ? [tip] : [`${base}..${tip}`];
  const { stdout } = await runGit(cwd, ['log', FORMAT, `--max-count=${limit}`, '--end-of-options', ...range]);
  return parseLog(stdout);
}

/** One commit's subject, time and author; undefined when it is not in this clone. */
export async function commitInfo(cwd: string, sha: string): Promise<CommitInfo | undefined> {
  const r = await runGit(cwd, ['log', FORMAT, '-1', '--end-of-options', sha], [0, 128]);
  return r.exitCode === 0 ? parseLog(r.stdout)[0] : undefined;
}

function parseLog(stdout: string): CommitInfo[] {
  return stdout
    .split('\x1e')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [sha = '', subject = '', time = '', author = ''] = entry.split('\x1f');
      return { sha, subject, time, author };
    });
}
