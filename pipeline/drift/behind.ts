import { runGit } from '../git/index.js';

/**
 * The main branch as this checkout knows it: the local branch, else `origin`'s (a CI clone at a
 * detached HEAD); undefined when neither exists.
 */
export async function mainBranchRef(cwd: string, mainBranch: string): Promise<string | undefined> {
  const name = mainBranch.replace(/^refs\/heads\//, '');
  for (const ref of [`refs/heads/${name}`, `refs/remotes/origin/${name}`]) {
    const r = await runGit(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], [0, 1]);
    if (r.exitCode === 0 && r.stdout !== '') return ref;
  }
  return undefined;
}

/** Commits on `mainRef` that `commit` lacks (`git rev-list --count commit..main`). */
export async function commitsBehind(cwd: string, commit: string, mainRef: string): Promise<number> {
  const { stdout } = await runGit(cwd, ['rev-list', '--count', `${commit}..${mainRef}`]);
  return Number.parseInt(stdout, 10);
}
