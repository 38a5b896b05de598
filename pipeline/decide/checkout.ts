import { ConfigError } from '../errors.js';
import { isTransientBundle } from '../project/bundle-entry.js';
import { GitError, headCommit, isRepository, resolveCommit, runGit } from '../git/index.js';

/**
 * Paths of the whole repository that differ from HEAD (tracked changes and untracked, not ignored,
 * files), relative to its root: a project's `main.ts` may import files outside its own directory.
 */
export async function uncommittedPaths(dir: string): Promise<string[]> {
  const { stdout } = await runGit(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all'], [0], false);
  // Another run's bundle of main.ts lives beside it for a moment: not a change of the checkout.
  return stdout
    .split('\0')
    .filter((entry) => entry.length > 3)
    .filter((entry) => !(entry.startsWith('?? ') && isTransientBundle(entry.slice(3))))
    .map((entry) => entry.slice(3));
}

/**
 * The refs a ref may be found as in a clone: a branch locally or as origin's (a CI checkout often
 * has only the remote-tracking branch), a tag or any other full ref as it is.
 */
export function refCandidates(ref: string): string[] {
  const branch = /^refs\/heads\/(.+)$/.exec(ref)?.[1];
  return branch === undefined ? [ref] : [ref, `refs/remotes/origin/${branch}`];
}

/**
 * The commit a run is for: the checkout's HEAD, which must be the commit `ref` names (a branch
 * locally or at origin, a tag), since the pipeline applies the files on disk and records `ref`; and
 * the whole repository clean when the run applies (the record names the commit). A ref that names
 * no commit here is a usage error: nothing runs. `HEAD` is taken as it is.
 */
export async function checkoutCommit(dir: string, ref: string, applies: boolean): Promise<string> {
  // The git queries run side by side; their answers are judged in this order, so the problem
  // reported first is the same as asking one after the other.
  const repository = settled(isRepository(dir));
  const headQuery = settled(headCommit(dir));
  const targets = ref === 'HEAD' ? undefined : settled(Promise.all(refCandidates(ref).map((r) => commitOf(dir, r))));
  const dirtyQuery = applies ? settled(uncommittedPaths(dir)) : undefined;
  if (!(await repository))
    throw new ConfigError(`${dir} is not inside a git repository: the pipeline records and gates commits`);
  const head = await headQuery;
  const resolved = (await targets)?.filter((c): c is string => c !== undefined);
  if (resolved !== undefined && resolved.length === 0) {
    throw new ConfigError(
      `${ref} names no commit in this clone (${refCandidates(ref).join(' or ')}): ` +
        'fetch it, or pass the ref that is checked out; nothing was run',
    );
  }
  if (resolved !== undefined && !resolved.includes(head)) {
    throw new ConfigError(
      `${ref} points at ${resolved[0]!.slice(0, 12)} but the checkout is at ${head.slice(0, 12)}: ` +
        `check out ${ref} first (the pipeline applies the files on disk)`,
    );
  }
  const dirty = (await dirtyQuery) ?? [];
  if (dirty.length > 0) {
    throw new ConfigError(
      `refusing to apply uncommitted changes (the record would name ${head.slice(0, 12)}): ` +
        `${dirty.slice(0, 5).join(', ')}${dirty.length > 5 ? ', …' : ''}`,
    );
  }
  return head;
}

/** The commit `ref` names, or `undefined` when it names none here. */
async function commitOf(dir: string, ref: string): Promise<string | undefined> {
  try {
    return await resolveCommit(dir, ref);
  } catch (error) {
    if (error instanceof GitError && error.kind === 'unknown-revision') return undefined;
    throw error;
  }
}

/** `promise`, marked handled: a query whose answer is not awaited (an earlier one failed) never rejects unhandled. */
function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
