import { validateHookCommands } from './options/hook-command.js';
import type { KeyList } from './options/unknown-keys.js';

/** A policy command the project lists (`defineProject({ policies })`), run before every apply. */
export interface PolicyConfig {
  /** Shown in the log, the JSON and the summary. */
  readonly name: string;
  /**
   * An argument vector (run without a shell) or a string (run with `sh -c`, for pipes and
   * variables). It reads the plan as JSON on stdin; exit 0 allows, anything else refuses.
   */
  readonly command: readonly string[] | string;
  /** Killed (its whole process group) after this many milliseconds; default 60000. */
  readonly timeoutMs?: number;
  /**
   * Names of environment variables it may read besides the pipeline's short allow list (PATH,
   * HOME, locale, TMPDIR, CI): backend and cloud credentials never reach it unless named here.
   */
  readonly passEnv?: readonly string[];
}

/** The keys a policy takes; any other is an error (an option is added here and in the type above). */
export const POLICY_KEYS: KeyList<PolicyConfig> = { name: true, command: true, timeoutMs: true, passEnv: true };

/** Checks a project's `policies` setting; throws a TypeError naming the bad entry. */
export function validatePolicies(policies: readonly PolicyConfig[]): void {
  validateHookCommands(policies, { key: 'policies', noun: 'policy', keys: POLICY_KEYS });
}

/** Checks `protectedEnvironments`: every name must be one of the project's environments. */
export function validateProtectedEnvironments(environments: readonly string[], configured: readonly string[]): void {
  if (!Array.isArray(configured)) throw new TypeError('protectedEnvironments must be an array of environment names');
  const unknown = configured.filter((e) => !environments.includes(e));
  if (unknown.length > 0) {
    throw new TypeError(
      `protectedEnvironments: unknown environment(s) ${unknown.join(', ')}; known: ${environments.join(', ')}`,
    );
  }
}
