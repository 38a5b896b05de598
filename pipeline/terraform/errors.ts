import { productOf, type ProductInfo } from './binary.js';
import type { CommandResult, Diagnostic } from './types.js';

/** How many trailing stderr lines an error keeps: enough for terraform's last diagnostic. */
const STDERR_TAIL_LINES = 20;

/** What a {@link TerraformError} is built from. */
export interface TerraformErrorInit {
  /** Subcommand, e.g. `plan`. */
  command: string;
  /** Every argument passed to the binary. */
  args: string[];
  /** Exit code; defaults to the result's. */
  exitCode?: number;
  /** The whole result, when terraform ran. */
  result?: CommandResult | undefined;
  /** Diagnostics from the `-json` stream. */
  diagnostics?: Diagnostic[];
  /** The underlying error. */
  cause?: unknown;
  /** terraform or OpenTofu, for messages; default terraform. */
  product?: ProductInfo;
}

/** terraform's, unless the error names OpenTofu. */
const TERRAFORM = productOf('terraform');

/** A terraform invocation failed; carries the whole result, like Pulumi's `CommandError`. */
export class TerraformError extends Error {
  override name = 'TerraformError';
  /** Subcommand, e.g. `plan`. */
  readonly command: string;
  /** Every argument passed to the binary. */
  readonly args: string[];
  /** Exit code, when terraform ran (see {@link CommandResult.exitCode}). */
  readonly exitCode: number | undefined;
  /** The last lines of stderr, for a one-glance reason. */
  readonly stderrTail: string;
  /** Diagnostics from the `-json` stream (empty for commands without one). */
  readonly diagnostics: Diagnostic[];
  /** The whole result, when terraform ran. */
  readonly result: CommandResult | undefined;
  /** The command name of the binary that ran: `terraform` or `tofu` (how messages name it). */
  readonly tool: string;

  constructor(message: string, init: TerraformErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.tool = (init.product ?? TERRAFORM).command;
    this.command = init.command;
    this.args = init.args;
    this.exitCode = init.exitCode ?? init.result?.exitCode;
    this.result = init.result;
    this.diagnostics = init.diagnostics ?? [];
    this.stderrTail = tail(init.result?.stderr ?? '');
  }
}

/** Who holds a state lock, from terraform's lock info. */
export interface LockHolder {
  /** `user@host` of the holder. */
  who?: string;
  /** e.g. `OperationTypeApply`. */
  operation?: string;
  /** When the lock was taken, as terraform prints it. */
  created?: string;
  /** The locked state's path in the backend. */
  path?: string;
}

/** The state lock is held by someone else (after `-lock-timeout` ran out). */
export class TerraformLockError extends TerraformError {
  override name = 'TerraformLockError';
  constructor(
    message: string,
    init: TerraformErrorInit,
    /** Lock ID to pass to `forceUnlock` once the holder is known to be gone. */
    readonly lockId?: string,
    /** The lock's holder as terraform reports it. */
    readonly holder?: LockHolder,
  ) {
    super(message, init);
  }
}

/** `workspace select` named a workspace that does not exist. */
export class WorkspaceMissingError extends TerraformError {
  override name = 'WorkspaceMissingError';
  constructor(
    message: string,
    init: TerraformErrorInit,
    /** The missing workspace. */
    readonly workspace: string,
  ) {
    super(message, init);
  }
}

/** The saved plan no longer matches the state (someone applied after it was made): plan again. */
export class StalePlanError extends TerraformError {
  override name = 'StalePlanError';
}

/** The terraform binary could not be started. */
export class TerraformNotFoundError extends TerraformError {
  override name = 'TerraformNotFoundError';
  constructor(
    init: TerraformErrorInit,
    /** The binary that was tried. */
    readonly binary: string,
    /** What to do about it. */
    readonly hint = notFoundHint(binary),
  ) {
    const name = productOf(binary).product === 'opentofu' ? 'OpenTofu' : 'terraform';
    super(`${name} binary '${binary}' not found: ${hint}`, init);
  }
}

/** The installed terraform is older than a feature needs. */
export class TerraformVersionError extends TerraformError {
  override name = 'TerraformVersionError';
  constructor(
    init: TerraformErrorInit,
    /** The feature that needs the newer version. */
    readonly feature: string,
    /** Minimum version required. */
    readonly required: string,
    /** Version found. */
    readonly found: string,
  ) {
    super(`${feature} needs ${(init.product ?? TERRAFORM).name} >= ${required}, found ${found}`, init);
  }
}

/** The call was aborted through its AbortSignal (even if terraform then exited 0: see `result`). */
export class TerraformAbortedError extends TerraformError {
  override name = 'TerraformAbortedError';
  constructor(
    init: TerraformErrorInit,
    /** The last signal sent to terraform; undefined when aborted before it started. */
    readonly signal: 'SIGINT' | 'SIGKILL' | undefined,
  ) {
    const tool = (init.product ?? TERRAFORM).command;
    super(`${tool} ${init.command} aborted${signal ? ` (${signal} sent)` : ' before it started'}`, init);
  }
}

/** What to install: OpenTofu for `tofu`; terraform, or OpenTofu instead, otherwise. */
function notFoundHint(binary: string): string {
  const what = productOf(binary).product === 'opentofu' ? 'OpenTofu (tofu)' : 'terraform (or OpenTofu as tofu)';
  return `install ${what} and put it on PATH, or set TERRAFORM_BINARY to its path`;
}

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-STDERR_TAIL_LINES).join('\n');
}
