import { constants } from 'node:os';
import { execa } from 'execa';
import { productOf, type ProductInfo } from './binary.js';
import { classifyFailure, failureReason } from './classify.js';
import {
  StalePlanError,
  TerraformAbortedError,
  TerraformError,
  TerraformLockError,
  TerraformNotFoundError,
  type TerraformErrorInit,
} from './errors.js';
import { parseUiLine, type TerraformEvent } from './events.js';
import type { CommandResult, Diagnostic } from './types.js';

/** How terraform is started; fixed per {@link Terraform} instance. */
export interface ExecSettings {
  /** The terraform binary. */
  binary: string;
  /** terraform or OpenTofu, for messages; default from the binary's name. */
  product?: ProductInfo;
  /** The working directory. */
  cwd: string;
  /** The complete environment (hygiene already applied). */
  env: Record<string, string>;
  /** SIGINT → SIGKILL grace period on abort. */
  graceMs: number;
  /** Raw lines (never stdout of a `secretStdout` request). */
  onOutput?: ((line: string, stream: 'stdout' | 'stderr', command: string) => void) | undefined;
  /** Typed events. */
  onEvent?: ((event: TerraformEvent) => void) | undefined;
}

/** One invocation. */
export interface ExecRequest {
  /** Subcommand name for results, errors and events, e.g. `workspace select`. */
  command: string;
  /** Every argument, subcommand included (from a `build*Args` function). */
  args: string[];
  /** Aborting interrupts terraform (SIGINT, then SIGKILL after the grace period). */
  signal?: AbortSignal | undefined;
  /** stdout is terraform's `-json` UI stream: lines become events and diagnostics. */
  uiStream?: boolean;
  /** stdout may hold sensitive values: kept from onOutput and from the returned result. */
  secretStdout?: boolean;
  /** Exit codes that are results rather than failures (plan's 2). */
  okExitCodes?: readonly number[];
  /** Runs against this workspace (`TF_WORKSPACE`) instead of the directory's selected one. */
  workspace?: string | undefined;
}

/** A finished invocation. */
export interface ExecOutcome {
  /** The result handed to callers. */
  result: CommandResult;
  /** The captured stdout, even when withheld from `result` (for parsing only). */
  stdout: string;
  /** Diagnostics from the UI stream. */
  diagnostics: Diagnostic[];
  /** Events parsed from the UI stream, in order. */
  events: TerraformEvent[];
}

/** Runs terraform once; rejects with a classified {@link TerraformError} unless the exit code is a result. */
export async function execTerraform(settings: ExecSettings, request: ExecRequest): Promise<ExecOutcome> {
  const { command, args, signal } = request;
  const product = settings.product ?? productOf(settings.binary);
  if (signal?.aborted) throw new TerraformAbortedError({ command, args, cause: signal.reason, product }, undefined);
  const diagnostics: Diagnostic[] = [];
  const events: TerraformEvent[] = [];
  // A throwing callback must not tear down terraform mid-apply: it is rethrown after terraform exits.
  const callbackErrors: unknown[] = [];
  const call = (fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      callbackErrors.push(error);
    }
  };
  const emit = (event: TerraformEvent): void => call(() => settings.onEvent?.(event));
  const onStdout = (line: string): void => {
    if (!request.secretStdout) call(() => settings.onOutput?.(line, 'stdout', command));
    if (!request.uiStream) return;
    const ui = parseUiLine(line);
    if (ui.diagnostic) diagnostics.push(ui.diagnostic);
    if (ui.event) {
      events.push(ui.event);
      emit(ui.event);
    }
  };
  const onStderr = (line: string): void => call(() => settings.onOutput?.(line, 'stderr', command));

  emit({ type: 'command-start', command, args, cwd: settings.cwd });
  const started = performance.now();
  const subprocess = execa(settings.binary, args, {
    cwd: settings.cwd,
    env: request.workspace === undefined ? settings.env : { ...settings.env, TF_WORKSPACE: request.workspace },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    // The runner sends signals itself so it can report each one as an event.
    forceKillAfterDelay: false,
    stdout: { transform: tap(onStdout) },
    stderr: { transform: tap(onStderr) },
  });

  let sent: 'SIGINT' | 'SIGKILL' | undefined;
  let exited = false;
  let graceTimer: NodeJS.Timeout | undefined;
  subprocess.once('exit', () => (exited = true));
  const send = (name: 'SIGINT' | 'SIGKILL'): void => {
    if (exited) return;
    sent = name;
    emit({ type: 'interrupt', command, signal: name });
    subprocess.kill(name);
  };
  // SIGINT first: terraform then persists state and releases its lock; SIGKILL only if it hangs.
  const onAbort = (): void => {
    send('SIGINT');
    graceTimer = setTimeout(() => send('SIGKILL'), settings.graceMs);
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const raw = await subprocess;
  exited = true;
  clearTimeout(graceTimer);
  signal?.removeEventListener('abort', onAbort);
  const spawnCode = (raw as { code?: unknown }).code;
  const exitCode = exitCodeOf(raw.exitCode, raw.signal, spawnCode);
  const stdout = String(raw.stdout ?? '');
  const result: CommandResult = {
    command,
    args,
    exitCode,
    stdout: request.secretStdout ? '' : stdout,
    stderr: String(raw.stderr ?? ''),
    durationMs: performance.now() - started,
  };
  emit({ type: 'command-end', command, exitCode, durationMs: result.durationMs });

  const init: TerraformErrorInit = { command, args, result, diagnostics, product };
  if (sent !== undefined) throw new TerraformAbortedError({ ...init, cause: signal?.reason }, sent);
  if (raw.exitCode === undefined && raw.signal === undefined) {
    if (spawnCode === 'ENOENT') throw new TerraformNotFoundError({ ...init, cause: raw }, settings.binary);
    const message = `cannot run ${product.command} binary '${settings.binary}': ${String(spawnCode)}`;
    throw new TerraformError(message, { ...init, cause: raw });
  }
  if (callbackErrors.length > 0) throw callbackErrors[0];
  if (exitCode !== 0 && !(request.okExitCodes ?? []).includes(exitCode)) throw failureError(init, result);
  return { result, stdout, diagnostics, events };
}

function failureError(init: TerraformErrorInit, result: CommandResult): TerraformError {
  const diagnostics = init.diagnostics ?? [];
  const reason = failureReason(diagnostics, result.stderr) ?? 'no error message';
  const tool = (init.product ?? productOf('terraform')).command;
  const message = `${tool} ${init.command} failed (exit ${result.exitCode}): ${reason}`;
  const failure = classifyFailure(diagnostics, result.stderr);
  if (failure.kind === 'stale-plan') return new StalePlanError(`${message}; run plan again`, init);
  if (failure.kind === 'lock') {
    const { lockId, holder } = failure;
    const who = holder
      ? ` by ${holder.who ?? 'unknown'} (${holder.operation ?? 'unknown operation'} since ${holder.created ?? '?'})`
      : '';
    return new TerraformLockError(`state lock${lockId ? ` ${lockId}` : ''} is held${who}`, init, lockId, holder);
  }
  return new TerraformError(message, init);
}

/** A shell-style exit code: 128 + signal number when killed, 127 not found, 126 not runnable. */
function exitCodeOf(exitCode: number | undefined, signal: NodeJS.Signals | undefined, spawnCode: unknown): number {
  if (exitCode !== undefined) return exitCode;
  if (signal !== undefined) return 128 + (constants.signals[signal] ?? 0);
  return spawnCode === 'ENOENT' ? 127 : 126;
}

/** An execa line transform that reports each line and passes it through unchanged. */
function tap(onLine: (line: string) => void): (line: unknown) => Generator<unknown, void, void> {
  return function* (line: unknown) {
    onLine(String(line));
    yield line;
  };
}
