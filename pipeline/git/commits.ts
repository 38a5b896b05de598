import { GitError } from './errors.js';
import { runGit } from './run.js';

/**
 * The full SHA of the commit `ref` names (`ref^{commit}`, so annotated tags are peeled).
 * Throws {@link GitError} of kind `unknown-revision` when it names no commit here.
 */
export async function resolveCommit(cwd: string, ref: string): Promise<string> {
  const args = ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`];
  // --quiet makes "no such commit" exit 1 with no output; 128 stays an error (e.g. not a repository).
  const result = await runGit(cwd, args, [0, 1]);
  if (result.exitCode === 1 || result.stdout === '') {
    throw new GitError(`'${ref}' does not name a commit in ${cwd}`, {
      kind: 'unknown-revision',
      args,
      cwd,
      exitCode: result.exitCode,
      stderr: result.stderr,
    });
  }
  return result.stdout;
}

/** The full SHA of the checkout's HEAD commit (`unknown-revision` before the first commit). */
export async function headCommit(cwd: string): Promise<string> {
  return resolveCommit(cwd, 'HEAD');
}

/**
 * Whether `ancestor` is reachable from `descendant` (a commit is its own ancestor). Both are
 * resolved first, so an unknown one throws `unknown-revision` instead of reading as false. In a
 * shallow clone a missing history reads as false: check {@link isShallow} before trusting it.
 */
export async function isAncestor(cwd: string, ancestor: string, descendant: string): Promise<boolean> {
  const [a, d] = await Promise.all([resolveCommit(cwd, ancestor), resolveCommit(cwd, descendant)]);
  const result = await runGit(cwd, ['merge-base', '--is-ancestor', '--end-of-options', a, d], [0, 1]);
  return result.exitCode === 0;
}
