import { Terraform } from '../../pipeline/terraform/index.js';
import { FakeTerraform } from './helpers.js';

// `extendEnv: false` makes `env` the whole environment, as in execa; the binary default follows it.
describe('the runner environment', () => {
  const fake = new FakeTerraform();
  const PROBE = 'CDKTF_GITOPS_ENV_PROBE';
  beforeAll(() => {
    process.env[PROBE] = 'from-process';
    fake.answer('version', { stdout: '{"terraform_version":"1.11.4"}' });
  });
  afterAll(() => {
    delete process.env[PROBE];
    fake.cleanup();
  });

  it('merges env over process.env by default', async () => {
    await new Terraform({ workingDir: fake.dir, binary: fake.binary, env: fake.env }).version();
    expect(fake.lastEnv()[PROBE]).toBe('from-process');
  });

  it('passes only env (plus the automation settings) with extendEnv: false', async () => {
    const env = { ...fake.env, PATH: process.env.PATH ?? '' };
    await new Terraform({ workingDir: fake.dir, binary: fake.binary, env, extendEnv: false }).version();
    const seen = fake.lastEnv();
    expect(seen[PROBE]).toBeUndefined();
    expect(seen.FAKE_DIR).toBe(fake.dir);
    expect(seen.TF_IN_AUTOMATION).toBe('1');
  });

  it('takes TERRAFORM_BINARY from the environment it runs with', () => {
    const tf = new Terraform({ workingDir: fake.dir, env: { TERRAFORM_BINARY: fake.binary }, extendEnv: false });
    expect(tf.binary).toBe(fake.binary);
    expect(new Terraform({ workingDir: fake.dir, env: {}, extendEnv: false }).binary).toBe('terraform');
  });
});
