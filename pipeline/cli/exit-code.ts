import { CommanderError } from 'commander';
import { ConfigError, exitCodeFor as pipelineExitCode, ExitCode, GateRefusedError } from '../errors.js';
import { GitError } from '../git/errors.js';
import { TerraformError } from '../terraform/errors.js';

export { RUN_EXIT_CODES } from '../errors.js';

/** The CLI's exit code for an error that ended a command (commander's usage errors and help included). */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return HELP_CODES.has(error.code) ? ExitCode.success : ExitCode.usage;
  return pipelineExitCode(error);
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
