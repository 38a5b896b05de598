import { runGit } from './run.js';

/** The full ref HEAD is on (`refs/heads/main`), or undefined when HEAD is detached. */
export async function headBranchRef(cwd: string): Promise<string | undefined> {
  // -q: a detached HEAD exits 1 silently; 128 (not a repository) still throws.
  const result = await runGit(cwd, ['symbolic-ref', '-q', 'HEAD'], [0, 1]);
  return result.exitCode === 0 && result.stdout !== '' ? result.stdout : undefined;
}

/** Names of the tags (lightweight or annotated) that point at HEAD, sorted. */
export async function tagsAtHead(cwd: string): Promise<string[]> {
  const { stdout } = await runGit(cwd, ['tag', '--list', '--points-at', 'HEAD']);
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .sort();
}
