import { execa } from 'execa';

/** Paths under `dir` that differ from HEAD (tracked changes and untracked, not ignored, files). */
export async function uncommittedPaths(dir: string): Promise<string[]> {
  const { stdout } = await execa('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.'], { cwd: dir });
  return stdout
    .split('\0')
    .filter((entry) => entry.length > 3)
    .map((entry) => entry.slice(3));
}
