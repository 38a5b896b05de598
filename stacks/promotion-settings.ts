import { parseDuration } from './options/duration.js';
import { validateNotifyTargets, type NotifyTarget } from './notify-settings.js';
import { validateHookCommands } from './options/hook-command.js';
import type { KeyList } from './options/unknown-keys.js';

/** A check run after an environment's apply (`defineProject({ verify })`); a failure keeps it from promotion. */
export interface VerifyHook {
  /** Shown in the log, the JSON, the summary and the refusal of the next deploy tag. */
  readonly name: string;
  /**
   * An argument vector (run without a shell) or a string (run with `sh -c`). It reads the
   * environment's non-sensitive outputs as JSON on stdin; exit 0 passes, anything else fails.
   */
  readonly command: readonly string[] | string;
  /** The environments it verifies; default all. */
  readonly environments?: readonly string[];
  /** Killed (its whole process group) after this many milliseconds; default 60000. */
  readonly timeoutMs?: number;
  /** Names of environment variables it may read besides the pipeline's short allow list (as policies). */
  readonly passEnv?: readonly string[];
}

/** The keys a verification hook takes; any other is an error (an option is added here and in the type above). */
export const VERIFY_HOOK_KEYS: KeyList<VerifyHook> = {
  name: true,
  command: true,
  environments: true,
  timeoutMs: true,
  passEnv: true,
};

/** The promotion settings of a project, as {@link promotionSettings} returns them (validated copies). */
export interface PromotionSettings {
  readonly verify?: readonly VerifyHook[];
  readonly soakTime?: Readonly<Record<string, string>>;
  readonly notify?: readonly NotifyTarget[];
}

/** Checks a project's `verify` setting (as policies, and `environments` must be the project's); throws a TypeError. */
export function validateVerifyHooks(environments: readonly string[], hooks: readonly VerifyHook[]): void {
  validateHookCommands(hooks, { key: 'verify', noun: 'verify hook', keys: VERIFY_HOOK_KEYS });
  for (const [i, hook] of hooks.entries()) {
    const only = hook.environments;
    if (only === undefined) continue;
    const where = `verify[${i}] (${hook.name})`;
    if (!Array.isArray(only) || only.length === 0) {
      throw new TypeError(`${where}: environments must be a non-empty array (leave it out for every environment)`);
    }
    const unknown = only.filter((e) => !environments.includes(e));
    if (unknown.length > 0) {
      throw new TypeError(`${where}: unknown environment(s) ${unknown.join(', ')}; known: ${environments.join(', ')}`);
    }
  }
}

/**
 * Checks a project's `soakTime` setting: environment → duration (`'1h'`). Each key must be an
 * environment that has a next one (its soak holds that one back); each value a valid duration.
 */
export function validateSoakTime(environments: readonly string[], soakTime: Readonly<Record<string, string>>): void {
  if (typeof soakTime !== 'object' || soakTime === null || Array.isArray(soakTime)) {
    throw new TypeError("soakTime must be an object of environment names to durations, e.g. { apps: '1h' }");
  }
  const last = environments.at(-1);
  for (const [environment, duration] of Object.entries(soakTime)) {
    if (!environments.includes(environment)) {
      throw new TypeError(`soakTime: unknown environment ${environment}; known: ${environments.join(', ')}`);
    }
    if (environment === last) {
      throw new TypeError(`soakTime: ${environment} is the last environment: no promotion follows it to hold back`);
    }
    try {
      parseDuration(duration);
    } catch (error) {
      throw new TypeError(`soakTime.${environment}: ${(error as Error).message}`);
    }
  }
}

/** Validates the promotion settings of a definition and returns copies of those it has; throws a TypeError. */
export function promotionSettings(environments: readonly string[], definition: PromotionSettings): PromotionSettings {
  const { verify, soakTime, notify } = definition;
  if (verify !== undefined) validateVerifyHooks(environments, verify);
  if (soakTime !== undefined) validateSoakTime(environments, soakTime);
  if (notify !== undefined) validateNotifyTargets(notify);
  return {
    ...(verify !== undefined ? { verify: verify.map(copyVerifyHook) } : {}),
    ...(soakTime !== undefined ? { soakTime: { ...soakTime } } : {}),
    ...(notify !== undefined ? { notify: notify.map(copyNotifyTarget) } : {}),
  };
}

function copyVerifyHook(hook: VerifyHook): VerifyHook {
  return {
    ...hook,
    command: typeof hook.command === 'string' ? hook.command : [...hook.command],
    ...(hook.environments !== undefined ? { environments: [...hook.environments] } : {}),
    ...(hook.passEnv !== undefined ? { passEnv: [...hook.passEnv] } : {}),
  };
}

function copyNotifyTarget(target: NotifyTarget): NotifyTarget {
  return {
    ...target,
    ...(target.events !== undefined ? { events: [...target.events] } : {}),
    ...(target.headers !== undefined ? { headers: { ...target.headers } } : {}),
  };
}
