import { throwIfProblems } from './environments/errors.js';
import { ENVIRONMENT_NAME_PATTERN } from './environments/names.js';

/**
 * What a stack's name within its environment may look like: the same characters as an environment
 * name (lowercase letters, digits, dashes; a letter first, no dash last), because it becomes part of
 * a directory (`cdktf.out/stacks/<env>-<stack>`), a state key and, for pg, a schema name.
 */
export const STACK_NAME_PATTERN = ENVIRONMENT_NAME_PATTERN;

/** The construct id (and `cdktf.out/stacks/` directory) of a stack: `<env>`, or `<env>-<stack>` for a named one. */
export function stackId(environment: string, stack: string | undefined): string {
  return stack === undefined ? environment : `${environment}-${stack}`;
}

/** Every problem with one stack name (empty when valid). */
export function stackNameProblems(stack: unknown, environment: string): string[] {
  if (typeof stack !== 'string') return [`stack name ${String(stack)} in environment "${environment}" is not a string`];
  if (STACK_NAME_PATTERN.test(stack)) return [];
  return [
    `stack name "${stack}" in environment "${environment}" is invalid: use 1-63 lowercase letters, digits and ` +
      'dashes, starting with a letter and not ending with a dash',
  ];
}

/** Validates a stack name, throwing an `EnvironmentConfigError` when it is invalid. */
export function validateStackName(stack: unknown, environment: string): void {
  throwIfProblems(stackNameProblems(stack, environment));
}
