import { execa } from 'execa';
import { classifyGitFailure, GitError } from './errors.js';

/** The result of a git command that may legitimately exit non-zero. */
export interface GitResult {
  /** Exit code (0 success). */
  readonly exitCode: number;
  /** Standard output, trimmed. */
  readonly stdout: string;
  /** Standard error, trimmed. */
  readonly stderr: string;
}

/**
 * Runs `git <args>` in `cwd` without a shell and returns its result. `okExitCodes` are results,
 * not failures; any other exit (or a failure to start git) throws a classified {@link GitError}.
 * `trim: false` keeps stdout as git printed it (porcelain output starts with a significant space).
 */
export async function runGit(
  cwd: string,
  args: readonly string[],
  okExitCodes: readonly number[] = [0],
  trim = true,
): Promise<GitResult> {
  const result = await execa('git', args, {
    cwd,
    reject: false,
    stdin: 'ignore',
    // C locale so the one stderr classifier sees English; never prompt for credentials in CI.
    env: { LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
  });
  const stderr = String(result.stderr ?? '').trim();
  if (result.exitCode !== undefined && okExitCodes.includes(result.exitCode)) {
    const stdout = String(result.stdout ?? '');
    return { exitCode: result.exitCode, stdout: trim ? stdout.trim() : stdout, stderr };
  }
  const kind = classifyGitFailure(result.exitCode, stderr);
  const why =
    result.exitCode === undefined
      ? `could not start git (${result.code ?? result.shortMessage})`
      : `exit ${result.exitCode}${stderr ? `: ${firstLine(stderr)}` : ''}`;
  throw new GitError(`git ${args.join(' ')} failed in ${cwd}: ${why}`, {
    kind,
    args,
    cwd,
    exitCode: result.exitCode,
    stderr,
    cause: result,
  });
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '') ?? text;
}
