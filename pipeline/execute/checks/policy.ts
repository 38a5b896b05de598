import { execa } from 'execa';
import type { PolicyConfig } from '../../../stacks/review-settings.js';
import type { PolicyResult } from '../../model.js';
import { scrubText, type SensitiveValues } from '../../terraform/index.js';

export type { PolicyConfig };
export type { PolicyResult } from '../../model.js';

/** Default time a policy may take. */
export const DEFAULT_POLICY_TIMEOUT_MS = 60_000;

/** Longest policy output kept (a verbose policy must not flood the summary). */
export const MAX_POLICY_OUTPUT = 4000;

/** Options of {@link runPolicy}. */
export interface PolicyRunOptions {
  /** Where it runs (the project directory). */
  readonly cwd: string;
  /** The pipeline's environment; the policy gets only {@link hookEnv} of it. */
  readonly env: NodeJS.ProcessEnv;
  /** Sensitive values of the plan: replaced in its output, should it print one it found elsewhere. */
  readonly secrets?: SensitiveValues;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs one policy with `input` (the redacted plan JSON) on stdin. It runs in a process group of
 * its own, so a timeout or an abort kills everything it started, not only its shell.
 */
export async function runPolicy(policy: PolicyConfig, input: string, opts: PolicyRunOptions): Promise<PolicyResult> {
  const timeoutMs = policy.timeoutMs ?? DEFAULT_POLICY_TIMEOUT_MS;
  const [file, args] =
    typeof policy.command === 'string' ? ['sh', ['-c', policy.command]] : [policy.command[0]!, policy.command.slice(1)];
  const started = performance.now();
  const child = execa(file, args, {
    cwd: opts.cwd,
    env: hookEnv(opts.env, policy.passEnv),
    extendEnv: false,
    reject: false,
    input,
    all: true,
    detached: true,
    forceKillAfterDelay: false,
  });
  let timedOut = false;
  const killGroup = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, timeoutMs);
  opts.signal?.addEventListener('abort', killGroup, { once: true });
  const result = await child;
  clearTimeout(timer);
  opts.signal?.removeEventListener('abort', killGroup);
  const all = String(result.all ?? '').trim();
  const output = bound(opts.secrets ? scrubText(all, opts.secrets) : all);
  const durationMs = performance.now() - started;
  const base = { name: policy.name, output, durationMs };
  if (timedOut) {
    const message =
      `policy '${policy.name}' timed out after ${seconds(timeoutMs)} ` +
      '(killed; raise its timeoutMs if it needs longer)';
    return { ...base, passed: false, timedOut: true, message };
  }
  if (result.exitCode === undefined) {
    const why = opts.signal?.aborted ? 'interrupted' : `could not run: ${String(result.code ?? result.shortMessage)}`;
    return { ...base, passed: false, timedOut: false, message: `policy '${policy.name}' ${why}` };
  }
  const passed = result.exitCode === 0;
  return {
    ...base,
    passed,
    exitCode: result.exitCode,
    timedOut: false,
    ...(passed ? {} : { message: `policy '${policy.name}' denied the plan (exit ${result.exitCode})` }),
  };
}

/** Runs the policies one after another (each sees the same input); all run, so every denial is reported. */
export async function runPolicies(
  policies: readonly PolicyConfig[],
  plan: object,
  opts: PolicyRunOptions,
): Promise<PolicyResult[]> {
  const input = JSON.stringify(plan);
  const results: PolicyResult[] = [];
  for (const policy of policies) {
    if (opts.signal?.aborted) break;
    results.push(await runPolicy(policy, input, opts));
  }
  return results;
}

/** Variables every hook gets: what programs need to run, never a credential. */
const HOOK_ENV_ALLOWED = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TMP',
  'TEMP',
  'TERM',
  'NO_COLOR',
  'CI',
  'GITHUB_ACTIONS',
  'GITLAB_CI',
];

/**
 * A hook's environment (policies, and later verification): an allow list of the pipeline's
 * (the locale's `LC_*` included) plus the variables the project names in `passEnv`. Backend and
 * cloud credentials (`PG_CONN_STR`, `AWS_*`, `TF_TOKEN_*`), `TF_VAR_*` and the record key never
 * reach it unless named.
 */
export function hookEnv(env: NodeJS.ProcessEnv, passEnv: readonly string[] = []): NodeJS.ProcessEnv {
  const allowed = new Set([...HOOK_ENV_ALLOWED, ...passEnv]);
  return Object.fromEntries(
    Object.entries(env).filter(([name, value]) => value !== undefined && (allowed.has(name) || name.startsWith('LC_'))),
  );
}

function bound(text: string): string {
  if (text.length <= MAX_POLICY_OUTPUT) return text;
  return `${text.slice(0, MAX_POLICY_OUTPUT)}\n… (${text.length - MAX_POLICY_OUTPUT} more characters cut)`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
