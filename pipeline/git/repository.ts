import { GitError } from './errors.js';
import { runGit } from './run.js';

/**
 * Whether `cwd` is inside a git repository (work tree or git directory). Other failures (git
 * missing, a directory git refuses as "dubious ownership") throw {@link GitError} rather than read as false.
 */
export async function isRepository(cwd: string): Promise<boolean> {
  try {
    await runGit(cwd, ['rev-parse', '--git-dir']);
    return true;
  } catch (error) {
    if (error instanceof GitError && error.kind === 'not-a-repository') return false;
    throw error;
  }
}

/** Whether the repository at `cwd` is a shallow clone (its history is cut off). */
export async function isShallow(cwd: string): Promise<boolean> {
  const { stdout } = await runGit(cwd, ['rev-parse', '--is-shallow-repository']);
  return stdout === 'true';
}
