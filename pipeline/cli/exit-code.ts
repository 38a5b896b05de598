import { CommanderError } from 'commander';
import { ConfigError, ExitCode, GateRefusedError } from '../errors.js';
import { GitError } from '../git/errors.js';
import type { RunResult } from '../run/types.js';
import { TerraformError, TerraformNotFoundError, TerraformVersionError } from '../terraform/errors.js';

/** The CLI's exit code for each run status. */
export const RUN_EXIT_CODES: Readonly<Record<RunResult['status'], number>> = {
  succeeded: ExitCode.success,
  'nothing-to-do': ExitCode.success,
  failed: ExitCode.failure,
  refused: ExitCode.refused,
};

/** The CLI's exit code for an error that ended a command. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return HELP_CODES.has(error.code) ? ExitCode.success : ExitCode.usage;
  // The pipeline's errors carry the CLI's code; terraform's and git's `exitCode` is their process's.
  if (error instanceof ConfigError || error instanceof GateRefusedError) return error.exitCode;
  if (error instanceof TerraformNotFoundError || error instanceof TerraformVersionError) return ExitCode.usage;
  if (error instanceof GitError && error.kind === 'not-a-repository') return ExitCode.usage;
  return ExitCode.failure;
}

/**
 * What the CLI prints for an error on stderr: one line for every condition of the machine or the
 * input (a full disk, a command that could not start, the pipeline's own errors); the stack only
 * for errors nobody classified, which are bugs.
 */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TerraformError && exitCodeFor(error) === ExitCode.failure)
    return `${error.tool} failed: ${message}`;
  const known = error instanceof ConfigError || error instanceof GateRefusedError || error instanceof GitError;
  if (known || error instanceof TerraformError || !(error instanceof Error)) return `error: ${message}`;
  // execa's errors: its one-line summary (the command and why), not the whole output and stack.
  const short = (error as { shortMessage?: unknown }).shortMessage;
  if (typeof short === 'string') return `error: ${short}`;
  // A system error (ENOSPC, EACCES, …): its message names the call and the path.
  if (typeof (error as NodeJS.ErrnoException).code === 'string') return `error: ${message}`;
  return `error: ${error.stack ?? message}`;
}

const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);
