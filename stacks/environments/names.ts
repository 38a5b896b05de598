import { throwIfProblems } from './errors.js';

/**
 * What an environment name may look like: a lowercase letter, then lowercase letters, digits and
 * dashes, 63 characters at most, not ending in a dash. Stricter than Terraform needs on purpose:
 * the name is also a Terraform workspace, part of a Git tag (`<env>-deploy-<suffix>`), a
 * `cdktf.out/stacks/<env>` directory and a Kubernetes label value (63 characters, alphanumeric ends).
 */
export const ENVIRONMENT_NAME_PATTERN = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Infix of deploy tags: `<env>-deploy-<suffix>`. */
export const DEPLOY_TAG_INFIX = '-deploy';

/** Names Terraform reserves: `default` is the workspace that always exists and cannot be deleted. */
export const RESERVED_ENVIRONMENT_NAMES: readonly string[] = ['default'];

/**
 * Every problem with a list of environment names in promotion order (empty when valid).
 *
 * A name containing `-deploy` is rejected because it makes deploy tags ambiguous: `<a>-deploy-<s>`
 * can only be read as another environment's tag when that environment's name starts with
 * `<a>-deploy`, so forbidding the infix anywhere in a name removes every such collision.
 */
export function environmentNameProblems(names: readonly string[]): string[] {
  if (names.length === 0) return ['no environments are defined; define at least two, e.g. ["ops", "apps"]'];
  const problems: string[] = [];
  if (names.length < 2) {
    problems.push(
      `only one environment (${JSON.stringify(names[0])}) is defined; ` +
        'define at least two so changes are validated before they are promoted',
    );
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) problems.push(`environment "${name}" is defined more than once`);
    seen.add(name);
    problems.push(...nameProblems(name));
  }
  return [...new Set(problems)];
}

/** Validates environment names, throwing an `EnvironmentConfigError` that lists every problem. */
export function validateEnvironmentNames(names: readonly string[]): void {
  throwIfProblems(environmentNameProblems(names));
}

function nameProblems(name: unknown): string[] {
  if (typeof name !== 'string') return [`environment name ${String(name)} is not a string`];
  if (RESERVED_ENVIRONMENT_NAMES.includes(name)) {
    return [`environment name "${name}" is reserved by terraform (its built-in workspace); choose another name`];
  }
  const problems: string[] = [];
  if (!ENVIRONMENT_NAME_PATTERN.test(name)) {
    problems.push(
      `environment name "${name}" is invalid: use 1-63 lowercase letters, digits and dashes, ` +
        'starting with a letter and not ending with a dash',
    );
  }
  if (name.includes(DEPLOY_TAG_INFIX)) {
    problems.push(
      `environment name "${name}" contains "${DEPLOY_TAG_INFIX}", ` +
        'which makes deploy tags (<env>-deploy-<suffix>) ambiguous',
    );
  }
  return problems;
}
