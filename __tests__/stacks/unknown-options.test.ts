import { App, TerraformStack, Testing } from 'cdktf';
import { addBackend, BACKEND_KEYS, type BackendConfig } from '../../stacks/backend.js';
import { EnvironmentStack } from '../../stacks/environment-stack.js';
import { defineEnvironments, EnvironmentConfigError } from '../../stacks/environments/index.js';
import { rejectUnknownKeys, UnknownOptionError, type KeyList } from '../../stacks/options/unknown-keys.js';
import { defineProject, PROJECT_DEFINITION_KEYS } from '../../stacks/project.js';
import { thrownBy } from '../helpers/errors.js';

// main.ts is bundled without a type check: a misspelled option must be an error, not a setting ignored.

/** The message of the UnknownOptionError `fn` throws (fails the test otherwise). */
const unknownOption = (fn: () => unknown): string => thrownBy(fn, UnknownOptionError).message;

describe('defineProject rejects keys it does not know', () => {
  const environments = ['ops', 'apps'];
  const stacks = () => undefined;

  it('names the key and the closest known one', () => {
    const definition = { environments, stacks, requireReviewPlan: true };
    expect(unknownOption(() => defineProject(definition as never))).toBe(
      "unknown option 'requireReviewPlan' in defineProject; did you mean requireReviewedPlan?",
    );
  });

  it('lists every unknown key, before any other check', () => {
    const definition = { environmnets: environments, stacks, requireReviewPlan: true, protectedEnviroments: ['ops'] };
    expect(thrownBy(() => defineProject(definition as never), UnknownOptionError).problems).toEqual([
      "unknown option 'environmnets' in defineProject; did you mean environments?",
      "unknown option 'requireReviewPlan' in defineProject; did you mean requireReviewedPlan?",
      "unknown option 'protectedEnviroments' in defineProject; did you mean protectedEnvironments?",
    ]);
  });

  it('lists the known keys when none is close', () => {
    expect(unknownOption(() => defineProject({ environments, stacks, approve: 'yes' } as never))).toBe(
      `unknown option 'approve' in defineProject; known options: ${Object.keys(PROJECT_DEFINITION_KEYS).join(', ')}`,
    );
  });

  it('accepts every key of its type, and checks each policy too', () => {
    const policies = [{ name: 'opa', command: 'true', timeoutMs: 1000 }];
    const all = {
      environments,
      mainBranch: 'trunk',
      previewAllEnvironments: true,
      stacks,
      protectedEnvironments: ['apps'],
      requireReviewedPlan: true,
      policies,
      verify: [{ name: 'smoke', command: 'true' }],
      soakTime: { ops: '5m' },
      notify: [{ url: 'https://chat.example/hook' }],
    };
    expect(Object.keys(all).sort()).toEqual(Object.keys(PROJECT_DEFINITION_KEYS).sort());
    expect(defineProject(all).mainBranch).toBe('trunk');
    const typo = [{ name: 'opa', command: 'true', timeout: 1000 }];
    expect(unknownOption(() => defineProject({ environments, stacks, policies: typo } as never))).toBe(
      "unknown option 'timeout' in policies[0]; did you mean timeoutMs?",
    );
  });
});

describe('defineEnvironments reports unknown keys with its other problems', () => {
  it('in the definition and in each environment entry', () => {
    const error = thrownBy(
      () =>
        defineEnvironments({
          config: { replicas: 1 },
          environments: [{ name: 'ops' }, { name: 'apps', inherit: 'ops' }, { name: 'apps', overides: {} }],
          validator: () => [],
        } as never),
      EnvironmentConfigError,
    );
    expect(error.problems).toEqual([
      "unknown option 'validator' in defineEnvironments; did you mean validate?",
      `unknown option 'inherit' in environment "apps"; did you mean inherits?`,
      `unknown option 'overides' in environment "apps"; did you mean overrides?`,
      'environment "apps" is defined more than once',
    ]);
  });
});

describe('backend settings and EnvironmentStack options', () => {
  const stack = () => new TerraformStack(Testing.app(), 'ops');
  const backend = (config: unknown) => () => addBackend(stack(), config as BackendConfig, 'cdktf.out');

  it.each([
    [
      { type: 'local', stateDirectory: 'state' },
      "unknown option 'stateDirectory' in backend 'local'; did you mean stateDir?",
    ],
    [{ type: 'pg', conn_str: 'x' }, "unknown option 'conn_str' in backend 'pg'; did you mean connStr?"],
    [
      { type: 's3', bucket: 'b', key: 'k', region: 'r', useLockFile: true },
      "unknown option 'useLockFile' in backend 's3'; did you mean useLockfile?",
    ],
    [{ type: 'postgres' }, "unknown backend type 'postgres'; known types: local, pg, s3, gcs, azurerm"],
    [{ type: 'gsc', bucket: 'b' }, "unknown backend type 'gsc'; did you mean gcs?"],
    [{ bucket: 'b' }, "unknown backend type 'undefined'; known types: local, pg, s3, gcs, azurerm"],
  ])('%j', (config, message) => {
    expect(unknownOption(backend(config))).toBe(message);
  });

  it('accepts every key of every backend type', () => {
    const all: BackendConfig[] = [
      { type: 'local', stateDir: 'state' },
      { type: 'pg', schemaName: 's', connStr: 'postgres://x' },
      {
        type: 's3',
        bucket: 'b',
        key: 'k',
        region: 'r',
        dynamodbTable: 't',
        useLockfile: true,
        workspaceKeyPrefix: 'p',
      },
      { type: 'gcs', bucket: 'b', prefix: 'p' },
      { type: 'azurerm', resourceGroupName: 'g', storageAccountName: 'a', containerName: 'c', key: 'k' },
    ];
    for (const config of all) {
      expect(Object.keys(config).sort()).toEqual(Object.keys(BACKEND_KEYS[config.type]).sort());
      expect(backend(config)).not.toThrow();
    }
  });

  it("rejects an EnvironmentStack option it does not know (the backend's check runs inside it)", () => {
    expect(unknownOption(() => new EnvironmentStack(new App(), 'ops', { backnd: { type: 'pg' } } as never))).toBe(
      "unknown option 'backnd' in EnvironmentStack 'ops'; did you mean backend?",
    );
    expect(unknownOption(() => new EnvironmentStack(new App(), 'ops', { backend: { type: 'locla' } } as never))).toBe(
      "unknown backend type 'locla'; did you mean local?",
    );
  });

  it('leaves the options of a subclass to it', () => {
    class Sized extends EnvironmentStack {
      constructor(scope: App, env: string, props: { size: number }) {
        super(scope, env, props as never);
      }
    }
    expect(new Sized(Testing.app(), 'ops', { size: 3 }).environment).toBe('ops');
  });
});

describe('KeyList', () => {
  it('is complete by construction: tsc refuses a list missing a key of its type or holding another', () => {
    interface Options {
      readonly a: number;
      readonly b?: string;
    }
    // @ts-expect-error b is missing
    const missing: KeyList<Options> = { a: true };
    // @ts-expect-error c is not a key of Options
    const extra: KeyList<Options> = { a: true, b: true, c: true };
    const complete: KeyList<Options> = { a: true, b: true };
    expect(() => rejectUnknownKeys({ a: 1, b: 'x' }, complete, 'o')).not.toThrow();
    expect(() => rejectUnknownKeys({ a: 1, c: 2 }, missing, 'o')).toThrow("unknown option 'c' in o; did you mean a?");
    expect(Object.keys(extra)).toEqual(['a', 'b', 'c']);
  });
});
