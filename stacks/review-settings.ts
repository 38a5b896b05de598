import { rejectUnknownKeys, type KeyList } from './options/unknown-keys.js';

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
  if (!Array.isArray(policies))
    throw new TypeError('policies must be an array of { name, command, timeoutMs?, passEnv? }');
  const names = new Set<string>();
  for (const [i, p] of policies.entries()) {
    const where = `policies[${i}]`;
    rejectUnknownKeys(p, POLICY_KEYS, where);
    if (typeof p?.name !== 'string' || p.name.trim() === '')
      throw new TypeError(`${where}: name must be a non-empty string`);
    if (names.has(p.name)) throw new TypeError(`${where}: duplicate policy name '${p.name}'`);
    names.add(p.name);
    const argv =
      Array.isArray(p.command) &&
      p.command.length > 0 &&
      p.command.every((a: unknown) => typeof a === 'string') &&
      p.command[0] !== '';
    if (!(typeof p.command === 'string' ? p.command.trim() !== '' : argv)) {
      throw new TypeError(`${where} (${p.name}): command must be a non-empty string or argument array`);
    }
    if (p.timeoutMs !== undefined && !(Number.isInteger(p.timeoutMs) && p.timeoutMs > 0)) {
      throw new TypeError(`${where} (${p.name}): timeoutMs must be a positive integer`);
    }
    const pass = p.passEnv;
    const isName = (n: unknown) => typeof n === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(n);
    if (pass !== undefined && !(Array.isArray(pass) && pass.every(isName))) {
      throw new TypeError(`${where} (${p.name}): passEnv must be an array of environment variable names`);
    }
  }
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
