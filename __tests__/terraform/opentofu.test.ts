import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  onPath,
  parseVersion,
  productOf,
  resolveBinary,
  Terraform,
  TerraformError,
  TerraformNotFoundError,
  TerraformVersionError,
} from '../../pipeline/terraform/index.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { FIXTURES } from './helpers.js';

// OpenTofu cannot be installed here: these tests check what the pipeline does with a binary named
// `tofu` (arguments, version parsing, minimum version, messages) against a fake one.

/** OpenTofu's `tofu version -json`, as its source prints it: terraform's keys, no `terraform_outdated`. */
const tofuVersion = (version: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ terraform_version: version, platform: 'linux_amd64', provider_selections: {}, ...extra }, null, 2);

describe('which binary is OpenTofu', () => {
  it.each([
    ['tofu', 'opentofu', 'tofu', 'OpenTofu', '1.6.0'],
    ['/opt/opentofu/bin/tofu', 'opentofu', 'tofu', 'OpenTofu', '1.6.0'],
    ['tofu-1.8', 'opentofu', 'tofu', 'OpenTofu', '1.6.0'],
    ['TOFU.exe', 'opentofu', 'tofu', 'OpenTofu', '1.6.0'],
    ['terraform', 'terraform', 'terraform', 'terraform', '1.4.0'],
    ['/usr/local/bin/terraform', 'terraform', 'terraform', 'terraform', '1.4.0'],
    ['tofurky', 'terraform', 'terraform', 'terraform', '1.4.0'],
  ])('%s is %s', (binary, product, command, name, minimumVersion) => {
    expect(productOf(binary)).toMatchObject({ product, command, name, minimumVersion });
  });
});

describe('finding the binary', () => {
  let dir: string;
  const bin = (sub: string, name: string, mode = 0o755): string => {
    mkdirSync(path.join(dir, sub), { recursive: true });
    const file = path.join(dir, sub, name);
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, mode);
    return path.join(dir, sub);
  };
  beforeEach(() => {
    dir = makeTempDir('tf-runner-path-');
  });
  afterEach(() => removeDir(dir));

  it('takes TERRAFORM_BINARY first', () => {
    expect(resolveBinary({ TERRAFORM_BINARY: '/x/tofu', PATH: bin('a', 'terraform') })).toBe('/x/tofu');
  });

  it('prefers terraform on PATH, then tofu, then names terraform', () => {
    const tofuOnly = bin('t', 'tofu');
    const both = [bin('both', 'tofu'), bin('tf', 'terraform')].join(path.delimiter);
    expect(resolveBinary({ PATH: tofuOnly })).toBe('tofu');
    expect(resolveBinary({ PATH: both })).toBe('terraform');
    expect(resolveBinary({ PATH: path.join(dir, 'empty') })).toBe('terraform');
  });

  it('skips files that are not executable, and directories', () => {
    const notExecutable = bin('nx', 'terraform', 0o644);
    mkdirSync(path.join(dir, 'd', 'terraform'), { recursive: true });
    expect(onPath('terraform', [notExecutable, path.join(dir, 'd')].join(path.delimiter))).toBe(false);
    expect(resolveBinary({ PATH: [notExecutable, bin('t2', 'tofu')].join(path.delimiter) })).toBe('tofu');
  });

  it('a runner without a binary option uses the PATH terraform will run with', () => {
    const tf = new Terraform({ workingDir: dir, env: { TERRAFORM_BINARY: undefined, PATH: bin('t3', 'tofu') } });
    expect({ binary: tf.binary, product: tf.product.product }).toEqual({ binary: 'tofu', product: 'opentofu' });
  });
});

describe("parsing OpenTofu's version -json", () => {
  it('reads a release', () => {
    expect(parseVersion(tofuVersion('1.8.3'))).toEqual({
      version: '1.8.3',
      major: 1,
      minor: 8,
      patch: 3,
      platform: 'linux_amd64',
      providerSelections: {},
      outdated: false,
    });
  });

  it('reads a pre-release, FIPS and module selections (newer releases add them)', () => {
    const parsed = parseVersion(
      tofuVersion('1.10.0-beta2', { fips140: true, module_selections: { 'registry.opentofu.org/x/y': '1.0.0' } }),
    );
    expect(parsed).toMatchObject({ version: '1.10.0-beta2', minor: 10, prerelease: 'beta2', outdated: false });
  });

  it('names the binary when the version is unreadable', () => {
    expect(() => parseVersion(JSON.stringify({ platform: 'linux_amd64' }), 'tofu')).toThrow(
      "unexpected tofu version ''",
    );
  });
});

describe('the runner with a fake tofu', () => {
  let dir: string;
  let binary: string;
  const env = () => ({ FAKE_DIR: dir });
  const answer = (key: string, file: string, text: string) => writeFileSync(path.join(dir, `${key}.${file}`), text);
  const runner = () => new Terraform({ workingDir: dir, binary, env: env() });
  beforeEach(() => {
    dir = makeTempDir('tf-runner-tofu-');
    binary = path.join(dir, 'tofu');
    copyFileSync(path.join(FIXTURES, 'fake-terraform.sh'), binary);
    chmodSync(binary, 0o755);
  });
  afterEach(() => removeDir(dir));

  it('passes exactly the arguments it passes terraform', async () => {
    const sequence = async (bin: string): Promise<string[][]> => {
      const fakeDir = path.dirname(bin);
      copyFileSync(path.join(FIXTURES, 'fake-terraform.sh'), bin);
      chmodSync(bin, 0o755);
      writeFileSync(path.join(fakeDir, 'version.stdout'), tofuVersion('1.8.3'));
      writeFileSync(path.join(fakeDir, 'workspace-show.stdout'), 'default\n');
      writeFileSync(path.join(fakeDir, 'show.stdout'), JSON.stringify({ resource_changes: [] }));
      const tf = new Terraform({ workingDir: fakeDir, binary: bin, env: { FAKE_DIR: fakeDir }, lockTimeout: '5s' });
      await tf.version();
      await tf.init();
      await tf.workspaceSelectOrCreate('apps');
      await tf.plan({ out: 'plan.tfplan' });
      await tf.apply('plan.tfplan');
      return (await import('node:fs'))
        .readFileSync(path.join(fakeDir, 'calls.log'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split('\t'));
    };
    const terraformDir = makeTempDir('tf-runner-tf-');
    try {
      const tofuCalls = await sequence(binary);
      expect(tofuCalls.slice(0, 2)).toEqual([
        ['version', '-json'],
        ['init', '-input=false', '-no-color', '-lock-timeout=5s'],
      ]);
      expect(tofuCalls.map((c) => c[0])).toEqual(['version', 'init', 'workspace', 'workspace', 'plan', 'apply']);
      expect(tofuCalls).toEqual(await sequence(path.join(terraformDir, 'terraform')));
    } finally {
      removeDir(terraformDir);
    }
  });

  it('accepts OpenTofu 1.6 and refuses 1.5, naming OpenTofu', async () => {
    answer('version', 'stdout', tofuVersion('1.6.0'));
    const tf = runner();
    expect(await tf.requireVersion(tf.product.minimumVersion, tf.product.minimumFor)).toMatchObject({
      version: '1.6.0',
    });
    answer('version', 'stdout', tofuVersion('1.5.7'));
    const error = (await tf
      .requireVersion(tf.product.minimumVersion, tf.product.minimumFor)
      .catch((e: unknown) => e)) as TerraformVersionError;
    expect(error).toBeInstanceOf(TerraformVersionError);
    expect(error.message).toBe('cdktf-gitops needs OpenTofu >= 1.6.0, found 1.5.7');
  });

  it('names tofu when a command fails', async () => {
    answer('init', 'stderr', 'Error: Failed to query available provider packages\n');
    answer('init', 'exit', '1');
    const error = (await runner()
      .init()
      .catch((e: unknown) => e)) as TerraformError;
    expect(error).toBeInstanceOf(TerraformError);
    expect(error.tool).toBe('tofu');
    expect(error.message).toMatch(/^tofu init failed \(exit 1\): .*Failed to query available provider packages/);
  });

  it('names OpenTofu when the binary is missing', async () => {
    const error = (await new Terraform({ workingDir: dir, binary: '/nonexistent/tofu' })
      .version()
      .catch((e: unknown) => e)) as TerraformNotFoundError;
    expect(error).toBeInstanceOf(TerraformNotFoundError);
    expect(error.message).toBe(
      "OpenTofu binary '/nonexistent/tofu' not found: " +
        'install OpenTofu (tofu) and put it on PATH, or set TERRAFORM_BINARY to its path',
    );
  });

  it('suggests OpenTofu too when neither is installed', async () => {
    const error = (await new Terraform({ workingDir: dir, binary: '/nonexistent/terraform' })
      .version()
      .catch((e: unknown) => e)) as TerraformNotFoundError;
    expect(error.message).toBe(
      "terraform binary '/nonexistent/terraform' not found: " +
        'install terraform (or OpenTofu as tofu) and put it on PATH, or set TERRAFORM_BINARY to its path',
    );
  });
});
