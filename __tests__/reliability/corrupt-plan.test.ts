import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { StalePlanError, Terraform, TerraformError, TerraformLockError } from '../../pipeline/terraform/index.js';
import { synthProject } from '../helpers/terraform-project.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { rejectionOf } from '../helpers/errors.js';

// Applying a saved plan that is not one: a typed error with a clear message, and the state untouched.

describe('apply of a corrupt or missing plan file (runner, real terraform)', () => {
  let dir: string;
  let tf: Terraform;
  let stateFile: string;
  let realPlan: Buffer;

  beforeAll(async () => {
    dir = makeTempDir('cdktf-gitops-corrupt-plan-');
    const project = await synthProject({ dir, environments: ['ops', 'apps'] });
    tf = new Terraform({ workingDir: project.stackDir('ops'), lockTimeout: '0s' });
    await tf.init();
    await tf.workspaceSelectOrCreate('ops');
    const planned = await tf.plan({ out: path.join(dir, 'real.tfplan'), vars: { cdktf_gitops_deployment: '' } });
    expect(planned.hasChanges).toBe(true);
    realPlan = readFileSync(planned.planFile);
    await tf.apply(planned.planFile);
    stateFile = path.join(dir, '.terraform-state', 'workspaces', 'ops', 'terraform.tfstate');
    expect(existsSync(stateFile)).toBe(true);
  });
  afterAll(() => removeDir(dir));

  const cases: [string, () => string][] = [
    ['garbage bytes', () => write('garbage.tfplan', 'this is not a plan\n\u0000\u0001')],
    ['an empty file', () => write('empty.tfplan', '')],
    ['a truncated plan', () => write('truncated.tfplan', realPlan.subarray(0, Math.floor(realPlan.length / 2)))],
    ['a missing file', () => path.join(dir, 'missing.tfplan')],
    ['a directory', () => directory('a-directory.tfplan')],
  ];

  it.each(cases)('%s → TerraformError naming the plan file; nothing applied', async (_name, planFile) => {
    const file = planFile();
    const before = readFileSync(stateFile, 'utf8');
    const error = await rejectionOf(tf.apply(file), TerraformError);
    expect(error).not.toBeInstanceOf(StalePlanError);
    expect(error).not.toBeInstanceOf(TerraformLockError);
    const e = error as TerraformError;
    expect(e).toMatchObject({ command: 'apply', exitCode: 1 });
    expect(e.message).toBe(`terraform apply failed (exit 1): Failed to load "${file}" as a plan file`);
    expect(readFileSync(stateFile, 'utf8')).toBe(before);
    expect(existsSync(path.join(path.dirname(stateFile), '.terraform.tfstate.lock.info'))).toBe(false);
  });

  function write(name: string, content: string | Buffer): string {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  }

  function directory(name: string): string {
    const file = path.join(dir, name);
    mkdirSync(file, { recursive: true });
    return file;
  }
});
