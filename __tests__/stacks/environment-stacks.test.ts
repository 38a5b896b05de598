import * as path from 'node:path';
import { App, DataResource, TerraformStack } from 'cdktf';
import { EnvironmentConfigError } from '../../stacks/environments/errors.js';
import { EnvironmentStack } from '../../stacks/environment-stack.js';
import { ConfigError } from '../../pipeline/errors.js';
import { environmentStacks, hasNamedStacks } from '../../pipeline/project/environment-stacks.js';
import { useTempDir } from '../helpers/temp-dir.js';

// How the pipeline reads an environment's stacks from a synthesized app: names, order, dependencies.

const ENVS = ['ops', 'apps'];

describe('environmentStacks', () => {
  const tmp = useTempDir('cdktf-gitops-env-stacks-', { each: true });
  const app = () => new App({ outdir: path.join(tmp(), 'cdktf.out'), skipValidation: true });
  const read = (a: App) => {
    a.synth();
    return environmentStacks(a, ENVS, a.outdir);
  };

  it('lists each environment’s stacks in the order added, with explicit and cross-stack dependencies', () => {
    const a = app();
    for (const env of ENVS) {
      const network = new EnvironmentStack(a, env, { stack: 'network' });
      const vpc = new DataResource(network, 'vpc', { input: { env } });
      const cluster = new EnvironmentStack(a, env, { stack: 'cluster' });
      cluster.addDependency(network);
      const apps = new EnvironmentStack(a, env, { stack: 'apps' });
      new DataResource(apps, 'app', { input: vpc.output });
    }
    const stacks = read(a);
    expect(stacks.ops?.map((s) => [s.name, s.id, s.dependsOn])).toEqual([
      ['network', 'ops-network', []],
      ['cluster', 'ops-cluster', ['network']],
      ['apps', 'ops-apps', ['network']],
    ]);
    expect(stacks.apps?.[0]?.dir).toBe(path.join(a.outdir, 'stacks', 'apps-network'));
    expect(hasNamedStacks(stacks.ops!)).toBe(true);
  });

  it('reads an unnamed stack as the environment’s only one, named after it', () => {
    const a = app();
    for (const env of ENVS) new EnvironmentStack(a, env);
    const stacks = read(a);
    expect(stacks.ops).toEqual([
      { name: 'ops', named: false, id: 'ops', dir: path.join(a.outdir, 'stacks', 'ops'), dependsOn: [] },
    ]);
    expect(hasNamedStacks(stacks.ops!)).toBe(false);
  });

  it('accepts a plain TerraformStack named after an environment (round 1 allowed it)', () => {
    const a = app();
    new TerraformStack(a, 'ops');
    new EnvironmentStack(a, 'apps');
    expect(read(a).ops?.map((s) => s.id)).toEqual(['ops']);
  });

  it('refuses a dependency on another environment’s stack, naming both', () => {
    const a = app();
    const opsNet = new EnvironmentStack(a, 'ops', { stack: 'network' });
    const appsNet = new EnvironmentStack(a, 'apps', { stack: 'network' });
    appsNet.addDependency(opsNet);
    expect(() => read(a)).toThrow(ConfigError);
    expect(() => environmentStacks(a, ENVS, a.outdir)).toThrow(
      "stack 'apps-network' depends on 'ops-network', which is not a stack of environment 'apps'",
    );
  });

  it('refuses a stack of an unknown environment and an environment without a stack', () => {
    const a = app();
    new EnvironmentStack(a, 'ops');
    new EnvironmentStack(a, 'staging');
    expect(() => read(a)).toThrow("stack 'staging' is for environment 'staging', which is not one of the project's");
    const b = app();
    new EnvironmentStack(b, 'ops');
    expect(() => read(b)).toThrow("environment 'apps' has no stack");
  });
});

describe('EnvironmentStack stack names', () => {
  const tmp = useTempDir('cdktf-gitops-stack-names-');
  it('refuses an invalid stack name with the rule', () => {
    const a = new App({ skipValidation: true, outdir: path.join(tmp(), 'cdktf.out') });
    expect(() => new EnvironmentStack(a, 'ops', { stack: 'Platform' })).toThrow(EnvironmentConfigError);
    expect(() => new EnvironmentStack(a, 'ops', { stack: 'net-' })).toThrow(/stack name "net-" in environment "ops"/);
  });

  it('names the stack <env>-<stack> and exposes both names', () => {
    const a = new App({ skipValidation: true, outdir: path.join(tmp(), 'cdktf.out') });
    const s = new EnvironmentStack(a, 'apps-prod', { stack: 'platform' });
    expect([s.node.id, s.environment, s.stackName]).toEqual(['apps-prod-platform', 'apps-prod', 'platform']);
    expect(new EnvironmentStack(a, 'ops').stackName).toBeUndefined();
  });
});

describe('environmentStacks of a cdktn app', () => {
  const tmp = useTempDir('cdktf-gitops-env-stacks-cdktn-');

  it('finds cdktn’s environment stacks and their cross-stack dependency the same way', async () => {
    const cdktn = await import('cdktn');
    const { EnvironmentStack: CdktnEnvironmentStack } = await import('../../stacks/cdktn.js');
    const a = new cdktn.App({ outdir: path.join(tmp(), 'cdktf.out'), skipValidation: true });
    for (const env of ENVS) {
      const platform = new CdktnEnvironmentStack(a, env, { stack: 'platform' });
      const ns = new cdktn.DataResource(platform, 'ns', { input: { env } });
      const services = new CdktnEnvironmentStack(a, env, { stack: 'services' });
      new cdktn.DataResource(services, 'web', { input: { ns: ns.output } });
    }
    a.synth();
    const stacks = environmentStacks(a, ENVS, a.outdir);
    expect(stacks.apps?.map((s) => [s.id, s.dependsOn])).toEqual([
      ['apps-platform', []],
      ['apps-services', ['platform']],
    ]);
  });
});
