import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withVersionChecksOnce } from '../../pipeline/project/cdk-patches.js';
import { cli } from '../helpers/cli.js';
import { exampleRepo, useExampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { readLines } from '../helpers/files.js';
import { manyResourcesMainTs } from '../helpers/many-resources.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { TerraformLog, withTerraformLog } from '../helpers/terraform-log.js';

// Fast path (iii): the pipeline synthesizes with validations on, and cdktf's `terraform version`
// check (one per terraform_data resource) runs once.

/** The many-resources project plus a `web` resource per environment; `validation` adds a failing validation. */
function mainTs(opts: { validation?: boolean } = {}): string {
  const validation =
    "if (name === 'apps') web.node.addValidation({ validate: () => ['replicas must be at least 2'] });";
  return manyResourcesMainTs({
    extra:
      "      const web = new DataResource(stack, 'web', { input: { replicas: name === 'apps' ? 1 : 2 } });\n" +
      `      ${opts.validation ? validation : ''}\n`,
  });
}

describe('synth keeps construct validations on', () => {
  let repo: ExampleRepo;
  let tf: TerraformLog;
  beforeAll(async () => {
    repo = await exampleRepo({ mainTs: mainTs({ validation: true }) });
    tf = new TerraformLog();
  });
  afterAll(() => {
    repo.remove();
    tf.remove();
  });

  it("fails on a user's own validation with exit 2, naming the construct", async () => {
    const r = await cli(repo.dir, ['synth'], tf.env());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('[apps/web] replicas must be at least 2');
    // cdktf's advice to pass skipValidation is not something the project can act on here.
    expect(r.stderr).not.toContain('skipValidation');
  });

  it('refuses a run before terraform runs', async () => {
    tf.clear();
    const r = await cli(repo.dir, ['run', '--ref', 'refs/heads/main'], tf.env());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('replicas must be at least 2');
    expect(tf.calls().filter((c) => !c.startsWith('version'))).toEqual([]);
    expect(existsSync(path.join(repo.dir, '.terraform-state'))).toBe(false);
  });
});

describe("cdktf's terraform version check", () => {
  const repo = useExampleRepo({ mainTs: mainTs() });

  it('runs once per synth, not once per terraform_data resource', async () => {
    await withTerraformLog({}, async (tf) => {
      const r = await cli(repo.dir, ['synth'], tf.env());
      expect(r.exitCode).toBe(0);
      // 2 environments × (21 resources + the deployment record) validations, one terraform call.
      expect(tf.count('version')).toBe(1);
      expect(
        JSON.parse(readFileSync(path.join(repo.dir, 'cdktf.out', 'stacks', 'apps', 'cdk.tf.json'), 'utf8')).resource
          .terraform_data,
      ).toHaveProperty('r19');
    });
  });

  it('still refuses a terraform too old for terraform_data', async () => {
    await withTerraformLog({ version: '1.3.9' }, async (tf) => {
      const r = await cli(repo.dir, ['synth'], tf.env());
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/terraform version 1\.3\.9 is lower than the required version >=1\.4/);
    });
  });
});

describe('withVersionChecksOnce', () => {
  const here = fileURLToPath(import.meta.url);
  type Validation = { validate(): string[] };
  const { ValidateBinaryVersion } = createRequire(here)('cdktf/lib/validations/validate-binary-version.js') as {
    ValidateBinaryVersion: {
      new (binary: string, constraint: string, command: string, hint?: string): Validation;
      prototype: Validation;
    };
  };
  let dir: string;
  let log: string;
  beforeEach(() => {
    dir = makeTempDir('cdktf-gitops-vc-');
    log = path.join(dir, 'calls');
  });
  afterEach(() => removeDir(dir));
  const check = (constraint: string) =>
    new ValidateBinaryVersion('tool', constraint, `echo call >> '${log}'; echo 'tool v1.2.3'`);
  const calls = () => readLines(log).length;

  it('runs the version command once per distinct check and keeps the answers', () => {
    const answers = withVersionChecksOnce([here], () =>
      [check('>=1.0'), check('>=1.0'), check('>=1.0'), check('>=2.0'), check('>=2.0')].map((v) => v.validate()),
    );
    expect(calls()).toBe(2);
    expect(answers.slice(0, 3)).toEqual([[], [], []]);
    expect(answers[3]![0]).toMatch(/tool version 1\.2\.3 is lower than the required version >=2\.0/);
    expect(answers[4]).toEqual(answers[3]);
  });

  it('puts cdktf back as it was afterwards, also when the synth throws', () => {
    const original = ValidateBinaryVersion.prototype.validate;
    expect(() =>
      withVersionChecksOnce([here], () => {
        expect(ValidateBinaryVersion.prototype.validate).not.toBe(original);
        throw new Error('synth failed');
      }),
    ).toThrow('synth failed');
    expect(ValidateBinaryVersion.prototype.validate).toBe(original);
    check('>=1.0').validate();
    check('>=1.0').validate();
    expect(calls()).toBe(2);
  });
});
