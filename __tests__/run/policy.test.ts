import * as path from 'node:path';
import { hookEnv, MAX_POLICY_OUTPUT, runPolicies, runPolicy } from '../../pipeline/execute/checks/policy.js';
import { validatePolicies } from '../../stacks/review-settings.js';
import { policyScript } from '../e2e/review-project.js';
import { useTempDir } from '../helpers/temp-dir.js';

describe('runPolicy (real processes)', () => {
  const dir = useTempDir('policy-');
  const opts = () => ({ cwd: dir(), env: { PATH: process.env.PATH, TF_VAR_token: 'secret', KEEP: 'yes' } });

  it('passes on exit 0; a string runs through sh, with the plan on stdin', async () => {
    const result = await runPolicy({ name: 'count', command: 'wc -c | tr -d " "' }, '{"a":1}', opts());
    expect(result).toMatchObject({ name: 'count', passed: true, exitCode: 0, timedOut: false, output: '7' });
    expect(result.message).toBeUndefined();
  });

  it('an argument vector runs without a shell (no word splitting, no expansion)', async () => {
    const result = await runPolicy({ name: 'argv', command: ['printf', '%s|', 'a b', '$HOME'] }, '', opts());
    expect(result).toMatchObject({ passed: true, output: 'a b|$HOME|' });
  });

  it('refuses on a non-zero exit, with stdout and stderr and the exit code', async () => {
    const result = await runPolicy({ name: 'deny', command: 'echo out; echo err >&2; exit 3' }, '{}', opts());
    expect(result).toMatchObject({
      passed: false,
      exitCode: 3,
      timedOut: false,
      message: "policy 'deny' denied the plan (exit 3)",
    });
    expect(result.output.split('\n').sort()).toEqual(['err', 'out']);
  });

  it('kills the whole process group on timeout and says which policy and how long', async () => {
    const script = policyScript(dir(), 'hang.sh', 'sleep 300 & wait');
    const result = await runPolicy({ name: 'hang', command: [script], timeoutMs: 300 }, '{}', opts());
    expect(result).toMatchObject({
      passed: false,
      timedOut: true,
      message: "policy 'hang' timed out after 0.3s (killed; raise its timeoutMs if it needs longer)",
    });
    expect(result.exitCode).toBeUndefined();
  });

  it('reports a command that cannot start', async () => {
    const result = await runPolicy({ name: 'missing', command: [path.join(dir(), 'no-such-policy')] }, '{}', opts());
    expect(result).toMatchObject({ passed: false, timedOut: false });
    expect(result.message).toMatch(/^policy 'missing' could not run: /);
  });

  it('cuts long output, saying how much', async () => {
    const result = await runPolicy(
      { name: 'loud', command: `head -c ${MAX_POLICY_OUTPUT + 500} /dev/zero | tr '\\0' x` },
      '',
      opts(),
    );
    expect(result.output).toBe(`${'x'.repeat(MAX_POLICY_OUTPUT)}\n… (500 more characters cut)`);
  });

  it("hands a policy only an allow list of the pipeline's environment and what it names in passEnv", async () => {
    const env = { PATH: process.env.PATH, TF_VAR_token: 'secret', KEEP: 'yes', PG_CONN_STR: 'postgres://x', OPA: 'o' };
    const policy = { name: 'env', command: 'env | grep -vE "^(PWD|SHLVL|_)=" | sort', passEnv: ['OPA'] };
    const result = await runPolicy(policy, '', { cwd: dir(), env });
    expect(result.output.split('\n')).toEqual(['OPA=o', `PATH=${process.env.PATH}`]);
    expect(
      hookEnv({
        TF_VAR_a: '1',
        PG_CONN_STR: 'p',
        AWS_SECRET_ACCESS_KEY: 's',
        TF_TOKEN_app_terraform_io: 't',
        CDKTF_GITOPS_RECORD_KEY: 'k',
        GITHUB_TOKEN: 'g',
        CI_JOB_TOKEN: 'j',
        HOME: '/h',
        LC_ALL: 'C',
        CI: 'true',
      }),
    ).toEqual({ HOME: '/h', LC_ALL: 'C', CI: 'true' });
  });

  it('replaces a sensitive value the policy prints (found elsewhere than in its input)', async () => {
    const secrets = { strings: new Set(['hunter2-secret']), numbers: new Set([482913]), booleans: new Set<boolean>() };
    secrets.strings.add('482913');
    const result = await runPolicy({ name: 'leak', command: 'echo "pw=hunter2-secret pin=482913"; exit 1' }, '', {
      ...opts(),
      secrets,
    });
    expect(result.output).toBe('pw=(sensitive value) pin=(sensitive value)');
  });

  it('runPolicies runs every policy on the same JSON input and reports each', async () => {
    const results = await runPolicies(
      [
        { name: 'one', command: 'cat' },
        { name: 'two', command: 'cat; exit 1' },
      ],
      { plan: true },
      opts(),
    );
    expect(results.map((r) => [r.name, r.passed, r.output])).toEqual([
      ['one', true, '{"plan":true}'],
      ['two', false, '{"plan":true}'],
    ]);
  });
});

describe('validatePolicies', () => {
  it('accepts names with a command string or argument vector and an optional timeout', () => {
    expect(() =>
      validatePolicies([
        { name: 'a', command: 'conftest test --input json -' },
        { name: 'b', command: ['opa', 'eval'], timeoutMs: 5000 },
      ]),
    ).not.toThrow();
  });

  it.each([
    [[{ name: '', command: 'x' }], /policies\[0\]: name must be a non-empty string/],
    [
      [
        { name: 'a', command: 'x' },
        { name: 'a', command: 'y' },
      ],
      /policies\[1\]: duplicate policy name 'a'/,
    ],
    [[{ name: 'a', command: '  ' }], /policies\[0\] \(a\): command must be/],
    [[{ name: 'a', command: [] }], /command must be/],
    [[{ name: 'a', command: 'x', timeoutMs: 0 }], /timeoutMs must be a positive integer/],
    [[{ name: 'a', command: 'x', timeoutMs: 1.5 }], /timeoutMs must be a positive integer/],
  ])('refuses %j', (policies, message) => {
    expect(() => validatePolicies(policies as never)).toThrow(message);
  });
});
