import {
  EnvironmentConfigError,
  environmentNameProblems,
  validateEnvironmentNames,
} from '../../stacks/environments/index.js';
import { thrownBy } from '../helpers/errors.js';

describe('validateEnvironmentNames', () => {
  it.each([
    [['ops', 'apps', 'apps-prod']],
    [['ops', 'apps']],
    [['internal', 'eu1', 'us2', 'x-9']],
    [['a', 'b']],
    [['a'.repeat(63), 'b']],
  ])('accepts %j', (names) => {
    expect(() => validateEnvironmentNames(names)).not.toThrow();
  });

  it.each<[string, string[], string]>([
    ['an empty list', [], 'no environments are defined'],
    ['a single environment', ['ops'], 'only one environment ("ops") is defined'],
    ['a duplicate name', ['ops', 'apps', 'ops'], 'environment "ops" is defined more than once'],
    ["terraform's reserved workspace", ['default', 'apps'], 'environment name "default" is reserved by terraform'],
    ['uppercase letters', ['Ops', 'apps'], 'environment name "Ops" is invalid'],
    ['a leading digit', ['1ops', 'apps'], 'environment name "1ops" is invalid'],
    ['an underscore', ['ops', 'apps_prod'], 'environment name "apps_prod" is invalid'],
    ['a dot', ['ops', 'apps.prod'], 'environment name "apps.prod" is invalid'],
    ['a trailing dash', ['ops', 'apps-'], 'environment name "apps-" is invalid'],
    ['64 characters', ['ops', 'a'.repeat(64)], `environment name "${'a'.repeat(64)}" is invalid`],
    ['an empty name', ['ops', ''], 'environment name "" is invalid'],
    ['a name ending in -deploy', ['apps', 'apps-deploy'], 'environment name "apps-deploy" contains "-deploy"'],
    [
      "a name another env's tag starts with",
      ['apps', 'apps-deploy-x'],
      'environment name "apps-deploy-x" contains "-deploy"',
    ],
    ['-deploy inside a name', ['ops', 'pre-deployment'], 'environment name "pre-deployment" contains "-deploy"'],
  ])('rejects %s', (_case, names, message) => {
    const error = thrownBy(() => validateEnvironmentNames(names), EnvironmentConfigError);
    expect(error.problems).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
    expect(error.message).toContain(message);
  });

  it('lists every problem at once, one per line', () => {
    const problems = environmentNameProblems(['Ops', 'default', 'x-deploy', 'Ops']);
    expect(problems).toEqual([
      'environment name "Ops" is invalid: use 1-63 lowercase letters, digits and dashes, starting with a letter and not ending with a dash',
      'environment name "default" is reserved by terraform (its built-in workspace); choose another name',
      'environment name "x-deploy" contains "-deploy", which makes deploy tags (<env>-deploy-<suffix>) ambiguous',
      'environment "Ops" is defined more than once',
    ]);
    expect(() => validateEnvironmentNames(['Ops', 'default'])).toThrow(
      /^Invalid environment configuration:\n {2}- environment name "Ops" is invalid.*\n {2}- environment name "default" is reserved/,
    );
  });
});
