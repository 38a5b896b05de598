import { GitError } from './git/errors.js';
import type { RunResult } from './model.js';
import { TerraformNotFoundError, TerraformVersionError } from './terraform/errors.js';

/** Exit codes of the CLI (docs/design.md). */
export const ExitCode = {
  success: 0,
  failure: 1,
  usage: 2,
  refused: 3,
  /** `drift` found an environment whose live state differs from its recorded commit. */
  drift: 4,
  sigint: 130,
  sigterm: 143,
} as const;

/** Bad usage or configuration: nothing ran. Exit code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Exit code the CLI uses for this error. */
  readonly exitCode = ExitCode.usage;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The promotion gate refused a deploy tag before terraform changed anything. Exit code 3. */
export class GateRefusedError extends Error {
  override readonly name = 'GateRefusedError';
  /** Exit code the CLI uses for this error. */
  readonly exitCode = ExitCode.refused;

  constructor(
    message: string,
    /** Which condition failed. */
    readonly condition:
      | 'reachable-from-main'
      | 'validated-upstream'
      | 'untrusted-record'
      | 'unverified'
      | 'soaking'
      | 'undecidable',
  ) {
    super(message);
  }
}

/** The exit code of each run status. */
export const RUN_EXIT_CODES: Readonly<Record<RunResult['status'], number>> = {
  succeeded: ExitCode.success,
  'nothing-to-do': ExitCode.success,
  failed: ExitCode.failure,
  refused: ExitCode.refused,
};

/** The exit code for an error that ended an operation: usage for what the caller must fix, else failure. */
export function exitCodeFor(error: unknown): number {
  // The pipeline's errors carry their code; terraform's and git's `exitCode` is their process's.
  if (error instanceof ConfigError || error instanceof GateRefusedError) return error.exitCode;
  if (error instanceof TerraformNotFoundError || error instanceof TerraformVersionError) return ExitCode.usage;
  if (error instanceof GitError && error.kind === 'not-a-repository') return ExitCode.usage;
  return ExitCode.failure;
}
