import { CI_PROVIDERS, type CiProvider } from '../ci-files/files.js';
import { ciSettingsProblems, type CiSettings, shortBranchName } from '../ci-files/settings.js';
import { ConfigError } from '../errors.js';

/** A project template `init` writes. */
export type Template = 'kubernetes' | 'terraform-data';

/** Every template, the default first. */
export const TEMPLATES: readonly Template[] = ['kubernetes', 'terraform-data'];

/** Values of `--ci`. */
const CI_CHOICES: Readonly<Record<string, readonly CiProvider[]>> = {
  github: ['github'],
  gitlab: ['gitlab'],
  both: CI_PROVIDERS,
  none: [],
};

/** `init`'s options as typed on the command line; absent ones take {@link INIT_DEFAULTS}. */
export interface InitInput {
  readonly template?: string;
  readonly environments?: string;
  readonly mainBranch?: string;
  readonly ci?: string;
}

/** The defaults of `init`: the root project's layout. */
export const INIT_DEFAULTS = {
  template: 'kubernetes',
  environments: 'ops,apps,apps-prod',
  mainBranch: 'main',
  ci: 'github',
} as const satisfies Required<InitInput>;

/** `init`'s options, validated. */
export interface InitOptions extends CiSettings {
  readonly template: Template;
  /** The CI files to write. */
  readonly ci: readonly CiProvider[];
}

/** Parses and validates `input`; throws a {@link ConfigError} listing every problem, before anything is written. */
export function parseInitOptions(input: InitInput): InitOptions {
  const template = input.template ?? INIT_DEFAULTS.template;
  const environments = (input.environments ?? INIT_DEFAULTS.environments).split(',').map((name) => name.trim());
  const mainBranch = input.mainBranch ?? INIT_DEFAULTS.mainBranch;
  const ci = input.ci ?? INIT_DEFAULTS.ci;
  const problems = ciSettingsProblems(environments, mainBranch);
  if (!(TEMPLATES as readonly string[]).includes(template)) {
    problems.unshift(`unknown template "${template}"; known: ${TEMPLATES.join(', ')}`);
  }
  const providers = Object.hasOwn(CI_CHOICES, ci) ? CI_CHOICES[ci] : undefined;
  if (providers === undefined) problems.push(`unknown --ci "${ci}"; known: ${Object.keys(CI_CHOICES).join(', ')}`);
  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  return { template: template as Template, environments, mainBranch: shortBranchName(mainBranch), ci: providers! };
}
