import {
  defineEnvironments,
  EnvironmentConfigError,
  REMOVE,
  type EnvironmentSpec,
} from '../../stacks/environments/index.js';
import { thrownBy } from '../helpers/errors.js';

interface Config {
  readonly replicas: number;
  readonly host?: string;
  readonly tags: readonly string[];
}

const config: Config = { replicas: 1, host: 'ops.example.com', tags: ['base'] };

/** The problems listed by the EnvironmentConfigError `fn` throws (fails the test otherwise). */
const problemsOf = (fn: () => unknown): readonly string[] => thrownBy(fn, EnvironmentConfigError).problems;

describe('defineEnvironments', () => {
  it('resolves the default three-environment chain apps-prod → apps → ops', () => {
    const envs = defineEnvironments<Config>({
      base: 'ops',
      config,
      environments: [
        { name: 'ops' },
        { name: 'apps', overrides: { replicas: 2, host: 'apps.example.com' } },
        { name: 'apps-prod', inherits: 'apps', overrides: { replicas: 3, tags: ['prod'] } },
      ],
    });
    expect(envs.names).toEqual(['ops', 'apps', 'apps-prod']);
    expect(envs.base).toBe('ops');
    expect(envs.list.map((e) => [e.name, e.index, e.chain])).toEqual([
      ['ops', 0, ['ops']],
      ['apps', 1, ['ops', 'apps']],
      ['apps-prod', 2, ['ops', 'apps', 'apps-prod']],
    ]);
    expect(envs.get('ops').config).toEqual(config);
    expect(envs.get('apps').config).toEqual({ replicas: 2, host: 'apps.example.com', tags: ['base'] });
    // Inherited from apps, not from the base.
    expect(envs.get('apps-prod').config).toEqual({ replicas: 3, host: 'apps.example.com', tags: ['prod'] });
    expect(() => envs.get('nope')).toThrow('Unknown environment "nope"; environments are: ops, apps, apps-prod');
  });

  it('inherits from the base by default, and the base defaults to the first environment', () => {
    const envs = defineEnvironments<Config>({
      config,
      environments: [{ name: 'ops' }, { name: 'apps', overrides: { host: REMOVE } }],
    });
    expect(envs.base).toBe('ops');
    expect(envs.get('apps').chain).toEqual(['ops', 'apps']);
    expect(envs.get('apps').config).toEqual({ replicas: 1, tags: ['base'] });
  });

  it('takes a base that is not first in promotion order, and any names and count', () => {
    const envs = defineEnvironments<Config>({
      base: 'eu',
      config,
      environments: [
        { name: 'lab', overrides: { replicas: 0 } },
        { name: 'eu' },
        { name: 'us', inherits: 'lab' },
        { name: 'asia' },
      ],
    });
    expect(envs.names).toEqual(['lab', 'eu', 'us', 'asia']);
    expect(envs.get('us').chain).toEqual(['eu', 'lab', 'us']);
    expect(envs.get('us').config.replicas).toBe(0);
    expect(envs.get('asia').config).toEqual(config);
  });

  it('leaves the definition untouched and freezes the resolved environments', () => {
    const overrides = { replicas: 2 };
    const envs = defineEnvironments<Config>({ config, environments: [{ name: 'ops' }, { name: 'apps', overrides }] });
    expect(config).toEqual({ replicas: 1, host: 'ops.example.com', tags: ['base'] });
    expect(Object.isFrozen(config)).toBe(false);
    expect(Object.isFrozen(overrides)).toBe(false);
    expect(Object.isFrozen(envs.get('apps').config)).toBe(true);
    expect(Object.isFrozen(envs.list)).toBe(true);
  });

  it.each<[string, string | undefined, EnvironmentSpec<Config>[], string[]]>([
    ['no environments', undefined, [], ['no environments are defined; define at least two, e.g. ["ops", "apps"]']],
    [
      'an unknown base',
      'prod',
      [{ name: 'ops' }, { name: 'apps' }],
      ['the base environment "prod" is not one of the environments (ops, apps)'],
    ],
    [
      'an unknown parent',
      undefined,
      [{ name: 'ops' }, { name: 'apps', inherits: 'staging' }],
      ['environment "apps" inherits from "staging", which is not a defined environment'],
    ],
    [
      'a cycle',
      undefined,
      [{ name: 'ops' }, { name: 'apps', inherits: 'apps-prod' }, { name: 'apps-prod', inherits: 'apps' }],
      ['environments inherit in a cycle: apps → apps-prod → apps'],
    ],
    [
      'inheriting from itself',
      undefined,
      [{ name: 'ops' }, { name: 'apps', inherits: 'apps' }],
      ['environments inherit in a cycle: apps → apps'],
    ],
    [
      'a base that inherits or overrides',
      'ops',
      [{ name: 'ops', inherits: 'apps', overrides: { replicas: 5 } }, { name: 'apps' }],
      [
        'the base environment "ops" cannot inherit (from "apps"); it is where inheritance starts',
        'the base environment "ops" cannot have overrides; put its settings in `config`',
      ],
    ],
    [
      'name and inheritance problems together',
      undefined,
      [{ name: 'ops' }, { name: 'Apps', inherits: 'nope' }],
      [
        'environment name "Apps" is invalid: use 1-63 lowercase letters, digits and dashes, starting with a letter and not ending with a dash',
        'environment "Apps" inherits from "nope", which is not a defined environment',
      ],
    ],
  ])('rejects %s with a clear message', (_case, base, environments, expected) => {
    expect(problemsOf(() => defineEnvironments<Config>({ config, environments, ...(base ? { base } : {}) }))).toEqual(
      expected,
    );
  });

  it('reports each cycle once even when others hang off it', () => {
    const problems = problemsOf(() =>
      defineEnvironments<Config>({
        config,
        environments: [
          { name: 'ops' },
          { name: 'a', inherits: 'b' },
          { name: 'b', inherits: 'a' },
          { name: 'c', inherits: 'a' },
        ],
      }),
    );
    expect(problems).toEqual(['environments inherit in a cycle: a → b → a']);
  });

  it('reports what `validate` finds, prefixed with the environment', () => {
    const problems = problemsOf(() =>
      defineEnvironments<Config>({
        config,
        environments: [
          { name: 'ops' },
          { name: 'apps', overrides: { replicas: -1 } },
          { name: 'apps-prod', inherits: 'apps' },
        ],
        validate: (c) => (c.replicas < 0 ? [`replicas must not be negative, got ${c.replicas}`] : []),
      }),
    );
    expect(problems).toEqual([
      'apps: replicas must not be negative, got -1',
      'apps-prod: replicas must not be negative, got -1',
    ]);
  });
});
