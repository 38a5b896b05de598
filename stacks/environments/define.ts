import { deepFreeze, deepMerge } from './deep-merge.js';
import { throwIfProblems } from './errors.js';
import { inheritanceChain, inheritanceProblems, type InheritanceEntry } from './inheritance.js';
import { environmentNameProblems } from './names.js';
import type { Override } from './override.js';
import { unknownKeyProblems, type KeyList } from '../options/unknown-keys.js';

/** One environment as written in a definition, in promotion order. */
export interface EnvironmentSpec<C> {
  /** Environment name, also its Terraform workspace and stack name. */
  readonly name: string;
  /** The environment whose resolved config this one starts from; default the base environment. */
  readonly inherits?: string;
  /** What differs from the inherited config (see `deepMerge` for the rules). */
  readonly overrides?: Override<C>;
}

/** The keys of an environment's entry; any other is a problem (an option is added here and in the type above). */
export const ENVIRONMENT_SPEC_KEYS: KeyList<EnvironmentSpec<unknown>> = { name: true, inherits: true, overrides: true };

/** Input of {@link defineEnvironments}. */
export interface EnvironmentsDefinition<C> {
  /** Name of the base environment, whose config is {@link config}; default the first environment. */
  readonly base?: string;
  /** The base environment's complete configuration; every other environment inherits from it. */
  readonly config: C;
  /** The environments in promotion order; the first is the internal one. */
  readonly environments: readonly EnvironmentSpec<C>[];
  /** Checks one resolved config; each returned string is a problem (reported with the environment's name). */
  readonly validate?: (config: C, environment: string) => readonly string[];
}

/** The keys {@link defineEnvironments} accepts; any other is a problem (added here and in the type above). */
export const ENVIRONMENTS_DEFINITION_KEYS: KeyList<EnvironmentsDefinition<unknown>> = {
  base: true,
  config: true,
  environments: true,
  validate: true,
};

/** One environment with its configuration fully resolved. */
export interface ResolvedEnvironment<C> {
  /** Environment (and workspace) name. */
  readonly name: string;
  /** Position in promotion order, from 0. */
  readonly index: number;
  /** The environments whose configuration this one is built from, base first, itself last. */
  readonly chain: readonly string[];
  /** The resolved configuration, deeply frozen. */
  readonly config: C;
}

/** The validated, resolved environments of a project. */
export interface Environments<C> {
  /** Environment names in promotion order. */
  readonly names: readonly string[];
  /** The base environment's name. */
  readonly base: string;
  /** Every environment, resolved, in promotion order. */
  readonly list: readonly ResolvedEnvironment<C>[];
  /** One environment by name; throws for an unknown name. */
  get(name: string): ResolvedEnvironment<C>;
}

/**
 * Validates and resolves environments: each one's config is the base config with the overrides of
 * every environment on its `inherits` chain merged over it, in order. Throws an
 * `EnvironmentConfigError` listing every problem (unknown keys, names, base, inheritance, `validate`).
 */
export function defineEnvironments<C>(definition: EnvironmentsDefinition<C>): Environments<C> {
  const specs = definition.environments;
  const names = specs.map((s) => s.name);
  const base = definition.base ?? names[0] ?? '';
  // Key, name and structure problems together, so one error lists everything to fix.
  throwIfProblems([
    ...keyProblems(definition),
    ...environmentNameProblems(names),
    ...(specs.length > 0 ? structureProblems(specs, base) : []),
  ]);

  const entries = inheritanceEntries(specs, base);
  const byName = new Map(specs.map((s) => [s.name, s]));
  const resolved = new Map<string, C>();
  // Memoized, so a parent shared by several environments is merged once.
  const resolve = (name: string): C => {
    const known = resolved.get(name);
    if (known !== undefined) return known;
    const parent = entries.find((e) => e.name === name)!.parent;
    const config =
      parent === undefined
        ? deepMerge(definition.config, undefined)
        : deepMerge(resolve(parent), byName.get(name)!.overrides);
    resolved.set(name, config);
    return config;
  };
  const list = specs.map(
    (spec, index): ResolvedEnvironment<C> =>
      deepFreeze({ name: spec.name, index, chain: inheritanceChain(entries, spec.name), config: resolve(spec.name) }),
  );

  throwIfProblems(
    list.flatMap((env) => (definition.validate?.(env.config, env.name) ?? []).map((p) => `${env.name}: ${p}`)),
  );
  return {
    names: Object.freeze([...names]),
    base,
    list: Object.freeze(list),
    get(name: string): ResolvedEnvironment<C> {
      const found = list.find((e) => e.name === name);
      if (!found) throw new Error(`Unknown environment "${name}"; environments are: ${names.join(', ')}`);
      return found;
    },
  };
}

/** Keys neither the definition's type nor an environment entry's has (a misspelled `inherits`, say). */
function keyProblems<C>(definition: EnvironmentsDefinition<C>): string[] {
  return [
    ...unknownKeyProblems(definition, ENVIRONMENTS_DEFINITION_KEYS, 'defineEnvironments'),
    ...definition.environments.flatMap((spec, i) =>
      unknownKeyProblems(
        spec,
        ENVIRONMENT_SPEC_KEYS,
        typeof spec?.name === 'string' ? `environment "${spec.name}"` : `environments[${i}]`,
      ),
    ),
  ];
}

function structureProblems(specs: readonly EnvironmentSpec<unknown>[], base: string): string[] {
  const names = specs.map((s) => s.name);
  if (!names.includes(base)) {
    return [`the base environment "${base}" is not one of the environments (${names.join(', ')})`];
  }
  const problems: string[] = [];
  const baseSpec = specs.find((s) => s.name === base)!;
  if (baseSpec.inherits !== undefined) {
    problems.push(
      `the base environment "${base}" cannot inherit (from "${baseSpec.inherits}"); it is where inheritance starts`,
    );
  }
  if (baseSpec.overrides !== undefined) {
    problems.push(`the base environment "${base}" cannot have overrides; put its settings in \`config\``);
  }
  return [...problems, ...inheritanceProblems(inheritanceEntries(specs, base))];
}

/** Each environment's parent: its `inherits`, else the base; the base has none. */
function inheritanceEntries(specs: readonly EnvironmentSpec<unknown>[], base: string): InheritanceEntry[] {
  return specs.map((s) => ({ name: s.name, parent: s.name === base ? undefined : (s.inherits ?? base) }));
}
