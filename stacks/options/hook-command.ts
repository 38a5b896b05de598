import { rejectUnknownKeys } from './unknown-keys.js';

/** What every command the project lists (policies, verification hooks) has. */
export interface HookCommandConfig {
  readonly name: string;
  readonly command: readonly string[] | string;
  readonly timeoutMs?: number;
  readonly passEnv?: readonly string[];
}

/** How {@link validateHookCommands} names a setting in its messages. */
export interface HookSetting {
  /** The option's key, e.g. `policies`. */
  readonly key: string;
  /** One entry, e.g. `policy`. */
  readonly noun: string;
  /** The entry's keys (any other is an error). */
  readonly keys: Readonly<Record<string, true>>;
}

/** A variable name a shell accepts (`passEnv`, `${NAME}` references). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a list of commands: an array; per entry no unknown key, a unique non-empty name, a
 * non-empty command string or argument array, a positive integer `timeoutMs`, variable names in
 * `passEnv`. Throws a TypeError naming the entry (`policies[1] (opa): …`).
 */
export function validateHookCommands(entries: readonly HookCommandConfig[], setting: HookSetting): void {
  if (!Array.isArray(entries)) {
    const keys = Object.keys(setting.keys).map((k) => (k === 'name' || k === 'command' ? k : `${k}?`));
    throw new TypeError(`${setting.key} must be an array of { ${keys.join(', ')} }`);
  }
  const names = new Set<string>();
  for (const [i, p] of entries.entries()) {
    const where = `${setting.key}[${i}]`;
    rejectUnknownKeys(p, setting.keys, where);
    if (typeof p?.name !== 'string' || p.name.trim() === '')
      throw new TypeError(`${where}: name must be a non-empty string`);
    if (names.has(p.name)) throw new TypeError(`${where}: duplicate ${setting.noun} name '${p.name}'`);
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
    const isName = (n: unknown) => typeof n === 'string' && ENV_NAME.test(n);
    if (pass !== undefined && !(Array.isArray(pass) && pass.every(isName))) {
      throw new TypeError(`${where} (${p.name}): passEnv must be an array of environment variable names`);
    }
  }
}
