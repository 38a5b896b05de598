/** Why a git command failed, for callers that branch on it. */
export type GitErrorKind = 'not-a-repository' | 'unknown-revision' | 'shallow' | 'failed';

/** Details of the git command behind a {@link GitError}. */
export interface GitErrorDetails {
  /** The condition callers branch on. */
  readonly kind: GitErrorKind;
  /** Arguments passed to git (without `git`). */
  readonly args: readonly string[];
  /** Working directory the command ran in. */
  readonly cwd: string;
  /** Exit code, undefined when git could not be started. */
  readonly exitCode?: number | undefined;
  /** Git's standard error, trimmed. */
  readonly stderr?: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/** A git command failed; `kind` says why, the rest is the command and its result. */
export class GitError extends Error {
  override readonly name = 'GitError';
  /** The condition callers branch on. */
  readonly kind: GitErrorKind;
  /** Arguments passed to git (without `git`). */
  readonly args: readonly string[];
  /** Working directory the command ran in. */
  readonly cwd: string;
  /** Exit code, undefined when git could not be started. */
  readonly exitCode: number | undefined;
  /** Git's standard error, trimmed. */
  readonly stderr: string;

  constructor(message: string, details: GitErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = details.kind;
    this.args = [...details.args];
    this.cwd = details.cwd;
    this.exitCode = details.exitCode;
    this.stderr = details.stderr ?? '';
  }
}

/**
 * The kind of a failed git command, from its exit code and (C-locale) standard error. The only
 * place git's text is matched; exit 128 is git's "fatal" code.
 */
export function classifyGitFailure(exitCode: number | undefined, stderr: string): GitErrorKind {
  if (exitCode !== 128) return 'failed';
  if (/not a git repository/i.test(stderr)) return 'not-a-repository';
  if (/shallow/i.test(stderr)) return 'shallow';
  if (
    /not a valid (object|commit) name|unknown revision|bad revision|needed a single revision|bad object/i.test(stderr)
  )
    return 'unknown-revision';
  return 'failed';
}
