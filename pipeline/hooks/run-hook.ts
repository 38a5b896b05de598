import { execa } from 'execa';
import type { HookCommandConfig } from '../../stacks/options/hook-command.js';
import { hookEnv } from '../execute/checks/policy.js';
import { scrubText, type SensitiveValues } from '../terraform/index.js';

/** A command the project lists (a policy, a verification hook): what {@link runHook} runs. */
export type HookCommand = HookCommandConfig;

/** What one hook said. */
export interface HookResult {
  readonly name: string;
  readonly status: 'passed' | 'failed';
  /** Its exit code; absent when it timed out, was interrupted or could not start. */
  readonly exitCode?: number;
  readonly timedOut: boolean;
  /** Its stdout and stderr interleaved, cut to {@link MAX_HOOK_OUTPUT} characters. */
  readonly output: string;
  readonly durationMs: number;
  /** Why it failed, in one line. */
  readonly message?: string;
}

/** Default time a hook may take. */
export const DEFAULT_HOOK_TIMEOUT_MS = 60_000;

/** Longest hook output kept (a verbose hook must not flood the summary). */
export const MAX_HOOK_OUTPUT = 4000;

/** Options of {@link runHook}. */
export interface RunHookOptions {
  /** Where it runs (the project directory). */
  readonly cwd: string;
  /** The pipeline's environment; the hook gets only `hookEnv` of it, plus {@link RunHookOptions.extraEnv}. */
  readonly env: NodeJS.ProcessEnv;
  /** Written to its stdin (JSON). */
  readonly input: string;
  /** Variables set for it on top of the allow list, e.g. {@link verifyHookEnv}. */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** How messages name it; default `hook '<name>'` (`verification 'smoke'`, `policy 'opa'`). */
  readonly label?: string;
  /** Values replaced in its output, should it print one. */
  readonly secrets?: SensitiveValues;
  readonly signal?: AbortSignal | undefined;
}

/** What a verification hook is told about the apply it checks. */
export interface VerifyContext {
  readonly environment: string;
  readonly commit: string;
  readonly ref: string;
}

/** The variables a verification hook gets: `CDKTF_GITOPS_ENVIRONMENT`, `_COMMIT` and `_REF`. */
export function verifyHookEnv(context: VerifyContext): Record<string, string> {
  return {
    CDKTF_GITOPS_ENVIRONMENT: context.environment,
    CDKTF_GITOPS_COMMIT: context.commit,
    CDKTF_GITOPS_REF: context.ref,
  };
}

/**
 * Runs one hook: a string with `sh -c`, an argument vector without a shell, `input` on stdin. It
 * runs in a process group of its own, killed on timeout, on abort and when it exits (so nothing it
 * left in the background outlives it). Never throws: a hook that cannot start is a failed result.
 */
export async function runHook(hook: HookCommand, opts: RunHookOptions): Promise<HookResult> {
  const label = opts.label ?? `hook '${hook.name}'`;
  const timeoutMs = hook.timeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS;
  const [file, args] =
    typeof hook.command === 'string' ? ['sh', ['-c', hook.command]] : [hook.command[0]!, hook.command.slice(1)];
  const started = performance.now();
  const child = execa(file, args, {
    cwd: opts.cwd,
    env: { ...hookEnv(opts.env, hook.passEnv), ...opts.extraEnv },
    extendEnv: false,
    reject: false,
    input: opts.input,
    all: true,
    detached: true,
    forceKillAfterDelay: false,
  });
  const killGroup = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, timeoutMs);
  opts.signal?.addEventListener('abort', killGroup, { once: true });
  // A background process it leaves would hold its output open (and live on): the hook's exit ends them.
  child.once('exit', killGroup);
  const result = await child;
  clearTimeout(timer);
  opts.signal?.removeEventListener('abort', killGroup);
  const all = String(result.all ?? '').trim();
  const base = {
    name: hook.name,
    output: truncate(opts.secrets ? scrubText(all, opts.secrets) : all),
    durationMs: performance.now() - started,
    timedOut,
  };
  const failed = (message: string, exitCode?: number): HookResult => ({
    ...base,
    status: 'failed',
    ...(exitCode !== undefined ? { exitCode } : {}),
    message,
  });
  if (timedOut) return failed(`${label} timed out after ${seconds(timeoutMs)} (killed; raise its timeoutMs if needed)`);
  if (opts.signal?.aborted) return failed(`${label} was interrupted`);
  if (result.exitCode === undefined) return failed(`${label} could not run: ${startFailure(file, result.code)}`);
  if (result.exitCode === 0) return { ...base, status: 'passed', exitCode: 0 };
  return failed(`${label} failed (${exitReason(result.exitCode)})`, result.exitCode);
}

/** Why a command did not start, from its error code. */
function startFailure(file: string, code: string | undefined): string {
  if (code === 'ENOENT') return `${file} not found (check its path, or that it is installed)`;
  if (code === 'EACCES') return `${file} is not executable`;
  return code ?? 'unknown error';
}

/** The exit code, and what a shell means by 126 and 127. */
function exitReason(exitCode: number): string {
  if (exitCode === 127) return 'exit 127: command not found';
  if (exitCode === 126) return 'exit 126: command not executable';
  return `exit ${exitCode}`;
}

function truncate(text: string): string {
  if (text.length <= MAX_HOOK_OUTPUT) return text;
  return `${text.slice(0, MAX_HOOK_OUTPUT)}\n… (${text.length - MAX_HOOK_OUTPUT} more characters cut)`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
