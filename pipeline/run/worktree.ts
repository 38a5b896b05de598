import { execa } from 'execa';
import { ConfigError } from '../errors.js';
import { isTransientBundle } from '../project/bundle-entry.js';
import { GitError, headCommit, isRepository, resolveCommit } from '../git/index.js';

/** Paths under `dir` that differ from HEAD (tracked changes and untracked, not ignored, files). */
export async function uncommittedPaths(dir: string): Promise<string[]> {
  const { stdout } = await execa('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.'], {
    cwd: dir,
  });
  // Another run's bundle of main.ts lives beside it for a moment: not a change of the checkout.
  return stdout
    .split('\0')
    .filter((entry) => entry.length > 3)
    .filter((entry) => !(entry.startsWith('?? ') && isTransientBundle(entry.slice(3))))
    .map((entry) => entry.slice(3));
}

/**
 * The commit a run is for: the checkout's HEAD, which must be what `ref` points at (the pipeline
 * applies the files on disk), and clean under `dir` when the run applies (the record names it).
 */
export async function checkoutCommit(dir: string, ref: string, applies: boolean): Promise<string> {
  // The git queries run side by side (one round trip instead of four); their answers are judged in
  // this order, so the problem reported first is the same as asking one after the other.
  const repository = settled(isRepository(dir));
  const headQuery = settled(headCommit(dir));
  const targetQuery =
    ref === 'HEAD'
      ? undefined
      : settled(
          resolveCommit(dir, ref).catch((error: unknown) => {
            if (error instanceof GitError && error.kind === 'unknown-revision') return undefined;
            throw error;
          }),
        );
  const dirtyQuery = applies ? settled(uncommittedPaths(dir)) : undefined;
  if (!(await repository))
    throw new ConfigError(`${dir} is not inside a git repository: the pipeline records and gates commits`);
  const head = await headQuery;
  const target = await targetQuery;
  if (target !== undefined && target !== head) {
    throw new ConfigError(
      `${ref} points at ${target.slice(0, 12)} but the checkout is at ${head.slice(0, 12)}: ` +
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

/** `promise`, marked handled: a query whose answer is not awaited (an earlier one failed) never rejects unhandled. */
function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
