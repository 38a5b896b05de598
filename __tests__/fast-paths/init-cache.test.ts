import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  initFingerprint,
  initIsCurrent,
  initUnlessCurrent,
  type InitInputs,
} from '../../pipeline/stackdir/init-cache.js';
import { resolveOptions } from '../../pipeline/options.js';
import { Terraform } from '../../pipeline/terraform/index.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';

// Fast path (iv): `terraform init` is skipped when what it acts on has not changed since the
// directory's last successful init.

type Config = Record<string, unknown>;
const base = (): Config => ({
  terraform: { backend: { local: { path: 'state-a/default.tfstate', workspace_dir: 'state-a/ws' } } },
  resource: { terraform_data: { a: { input: 'one' } } },
  output: { o: { value: 'x' } },
});

let dir: string;
let inputs: InitInputs;
const write = (config: Config) => writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(config));
const fingerprint = () => initFingerprint(inputs);
beforeEach(() => {
  dir = makeTempDir('cdktf-gitops-init-');
  inputs = { stackDir: dir, terraform: 'terraform 1.11.4' };
  write(base());
});
afterEach(() => removeDir(dir));

describe('initFingerprint', () => {
  it('ignores what never needs an init: resources, outputs, variables, key order', () => {
    const before = fingerprint();
    write({
      ...base(),
      resource: { terraform_data: { a: { input: 'two' }, b: {} } },
      output: {},
      variable: { v: { default: '' } },
    });
    expect(fingerprint()).toBe(before);
    const { output, resource, terraform } = base();
    writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify({ output, resource, terraform }));
    expect(fingerprint()).toBe(before);
  });

  it.each<[string, (c: Config) => Config]>([
    ['the backend', (c) => ({ ...c, terraform: { backend: { local: { path: 'state-b/default.tfstate' } } } })],
    ['the backend type', (c) => ({ ...c, terraform: { backend: { pg: { schema_name: 's' } } } })],
    [
      'required providers',
      (c) => ({
        ...c,
        terraform: {
          ...(c.terraform as object),
          required_providers: { aws: { source: 'hashicorp/aws', version: '5.0.0' } },
        },
      }),
    ],
    [
      'required terraform version',
      (c) => ({ ...c, terraform: { ...(c.terraform as object), required_version: '>= 1.5' } }),
    ],
    ['a module source', (c) => ({ ...c, module: { m: { source: './modules/m' } } })],
    ['a provider block', (c) => ({ ...c, provider: { aws: [{ region: 'eu-west-1' }] } })],
  ])('changes with %s', (_name, change) => {
    const before = fingerprint();
    write(change(base()));
    expect(fingerprint()).not.toBe(before);
  });

  it('changes with the dependency lock file and with the terraform binary or version', () => {
    const before = fingerprint();
    writeFileSync(path.join(dir, '.terraform.lock.hcl'), 'provider "registry.terraform.io/hashicorp/aws" {}\n');
    const locked = fingerprint();
    expect(locked).not.toBe(before);
    expect(initFingerprint({ ...inputs, terraform: 'terraform 1.12.0' })).not.toBe(locked);
  });
});

describe('initUnlessCurrent', () => {
  let inits = 0;
  // Stands in for terraform init: writes what init leaves in .terraform.
  const fakeInit = async () => {
    inits++;
    mkdirSync(path.join(dir, '.terraform'), { recursive: true });
    writeFileSync(path.join(dir, '.terraform', 'terraform.tfstate'), '{}');
  };
  beforeEach(() => (inits = 0));

  it('runs init the first time, then not while nothing changed', async () => {
    expect(await initUnlessCurrent(inputs, fakeInit)).toBe(true);
    expect(await initUnlessCurrent(inputs, fakeInit)).toBe(false);
    write({ ...base(), resource: { terraform_data: { changed: {} } } });
    expect(await initUnlessCurrent(inputs, fakeInit)).toBe(false);
    expect(inits).toBe(1);
  });

  it('runs init again after a backend change, a new terraform, or a deleted .terraform', async () => {
    await initUnlessCurrent(inputs, fakeInit);
    write({ ...base(), terraform: { backend: { local: { path: 'elsewhere.tfstate' } } } });
    expect(await initUnlessCurrent(inputs, fakeInit)).toBe(true);
    expect(await initUnlessCurrent({ ...inputs, terraform: 'terraform 1.12.0' }, fakeInit)).toBe(true);
    rmSync(path.join(dir, '.terraform'), { recursive: true });
    expect(await initUnlessCurrent({ ...inputs, terraform: 'terraform 1.12.0' }, fakeInit)).toBe(true);
    expect(inits).toBe(4);
  });

  it('a failed init leaves nothing that lets the next run skip it', async () => {
    await initUnlessCurrent(inputs, fakeInit);
    write({ ...base(), terraform: { backend: { local: { path: 'other.tfstate' } } } });
    await expect(initUnlessCurrent(inputs, () => Promise.reject(new Error('init failed')))).rejects.toThrow(
      'init failed',
    );
    write(base());
    expect(initIsCurrent(inputs, fingerprint())).toBe(false);
    expect(await initUnlessCurrent(inputs, fakeInit)).toBe(true);
  });

  it('follows TF_DATA_DIR', async () => {
    const moved = { ...inputs, dataDir: 'data' };
    const initInData = async () => {
      mkdirSync(path.join(dir, 'data'), { recursive: true });
      writeFileSync(path.join(dir, 'data', 'terraform.tfstate'), '{}');
    };
    expect(await initUnlessCurrent(moved, initInData)).toBe(true);
    expect(await initUnlessCurrent(moved, initInData)).toBe(false);
    expect(initIsCurrent(inputs, fingerprint())).toBe(false);
  });
});

describe('the init reuse setting', () => {
  it('is on by default, off with CDKTF_GITOPS_INIT=always, and carries TF_DATA_DIR', () => {
    const settings = (env: NodeJS.ProcessEnv) => resolveOptions({ projectDir: '.', env });
    expect(settings({})).toMatchObject({ reuseInit: true, dataDir: '.terraform' });
    expect(settings({ CDKTF_GITOPS_INIT: 'always' }).reuseInit).toBe(false);
    expect(settings({ TF_DATA_DIR: '.tf' })).toMatchObject({ reuseInit: true, dataDir: '.tf' });
  });
});

describe('with the real terraform', () => {
  it('a skipped init still plans, and a backend change is caught (terraform would refuse to plan)', async () => {
    const tf = new Terraform({ workingDir: dir });
    const init = async () => void (await tf.init({ reconfigure: true }));
    expect(await initUnlessCurrent(inputs, init)).toBe(true);
    expect(await initUnlessCurrent(inputs, init)).toBe(false);
    await expect(tf.plan({ out: path.join(dir, 'p.tfplan') })).resolves.toMatchObject({ hasChanges: true });

    write({
      ...base(),
      terraform: { backend: { local: { path: 'state-b/default.tfstate', workspace_dir: 'state-b/ws' } } },
    });
    // Without an init terraform refuses the changed backend: skipping here would have been wrong.
    await expect(tf.plan({ out: path.join(dir, 'p.tfplan') })).rejects.toThrow(/Backend initialization required/);
    expect(await initUnlessCurrent(inputs, init)).toBe(true);
    await expect(tf.plan({ out: path.join(dir, 'p.tfplan') })).resolves.toMatchObject({ hasChanges: true });

    rmSync(path.join(dir, '.terraform'), { recursive: true });
    expect(await initUnlessCurrent(inputs, init)).toBe(true);
    await expect(tf.plan({ out: path.join(dir, 'p.tfplan') })).resolves.toMatchObject({ hasChanges: true });
  });
});
