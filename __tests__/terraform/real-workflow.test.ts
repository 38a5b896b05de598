import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  StalePlanError,
  Terraform,
  WorkspaceMissingError,
  type TerraformEvent,
} from '../../pipeline/terraform/index.js';
import { removeDir } from '../helpers/temp-dir.js';
import { rejectionOf } from '../helpers/errors.js';
import { realProject } from './helpers.js';

const SECRET = 's3cr3t-value-42';

// One working directory, used in order: init → workspaces → plan → apply → outputs → replan.
describe('runner against the real terraform', () => {
  const dir = realProject();
  const lines: string[] = [];
  const events: TerraformEvent[] = [];
  const tf = new Terraform({
    workingDir: dir,
    lockTimeout: '5s',
    onOutput: (line) => lines.push(line),
    onEvent: (e) => events.push(e),
  });

  afterAll(() => removeDir(dir));

  it('initializes the local backend', async () => {
    await tf.requireVersion('1.4.0', 'terraform_data');
    const result = await tf.init();
    expect(result).toMatchObject({
      command: 'init',
      exitCode: 0,
      args: ['init', '-input=false', '-no-color', '-lock-timeout=5s'],
    });
    expect(existsSync(path.join(dir, '.terraform'))).toBe(true);
  });

  it('creates a missing workspace, then selects it, and refuses to select an absent one', async () => {
    expect(await tf.workspaceShow()).toBe('default');
    expect(await tf.workspaceSelectOrCreate('ops')).toEqual({ created: true });
    expect(await tf.workspaceShow()).toBe('ops');
    await tf.workspaceSelect('default');
    expect(await tf.workspaceSelectOrCreate('ops')).toEqual({ created: false });
    expect(await tf.workspaceShow()).toBe('ops');
    expect((await tf.workspaceList()).sort()).toEqual(['default', 'ops']);
    await rejectionOf(tf.workspaceSelect('apps-prod'), WorkspaceMissingError);
    expect(await tf.workspaceShow()).toBe('ops');
  });

  it('plans changes into a saved plan with a typed summary', async () => {
    const result = await tf.plan({ out: 'ops.tfplan' });
    expect(result.hasChanges).toBe(true);
    expect(result.exitCode).toBe(2);
    expect(result.summary).toEqual({ add: 2, change: 0, destroy: 0, replace: 0, import: 0 });
    expect(result.resourceChanges).toEqual([
      { address: 'terraform_data.named', actions: ['create'] },
      { address: 'terraform_data.slow', actions: ['create'] },
    ]);
    expect(result.outputChanges.map((o) => o.name).sort()).toEqual(['name', 'token']);
    expect(events).toContainEqual({ type: 'planned-change', address: 'terraform_data.named', action: 'create' });
    expect(existsSync(path.join(dir, 'ops.tfplan'))).toBe(true);
  });

  it('applies the saved plan into the workspace state', async () => {
    const result = await tf.apply('ops.tfplan');
    expect(result.summary).toEqual({ add: 2, change: 0, remove: 0 });
    expect(events).toContainEqual({
      type: 'apply-progress',
      address: 'terraform_data.named',
      action: 'create',
      phase: 'complete',
      elapsedSeconds: 0,
    });
    const state = JSON.parse(readFileSync(path.join(dir, 'terraform.tfstate.d', 'ops', 'terraform.tfstate'), 'utf8'));
    expect(state.resources.map((r: { name: string }) => r.name).sort()).toEqual(['named', 'slow']);
  });

  it('reads outputs with the sensitive flag kept', async () => {
    expect(await tf.output()).toEqual({
      name: { value: 'one', type: 'string', sensitive: false },
      token: { value: SECRET, type: 'string', sensitive: true },
    });
  });

  it('reports a plan without changes', async () => {
    const result = await tf.plan({ out: 'none.tfplan' });
    expect(result.hasChanges).toBe(false);
    expect(result.summary).toEqual({ add: 0, change: 0, destroy: 0, replace: 0, import: 0 });
    expect(result.resourceChanges).toEqual([]);
  });

  it('counts updates and replacements', async () => {
    const result = await tf.plan({ out: 'change.tfplan', vars: { name: 'two', delay: '0.1' } });
    expect(result.summary).toEqual({ add: 1, change: 1, destroy: 1, replace: 1, import: 0 });
    expect(result.resourceChanges).toEqual([
      { address: 'terraform_data.named', actions: ['update'] },
      { address: 'terraform_data.slow', actions: ['delete', 'create'] },
    ]);
  });

  it('refuses a saved plan made stale by another apply', async () => {
    await tf.plan({ out: 'first.tfplan', vars: { name: 'three' } });
    await tf.plan({ out: 'second.tfplan', vars: { name: 'four' } });
    await tf.apply('second.tfplan');
    await expect(tf.apply('first.tfplan')).rejects.toBeInstanceOf(StalePlanError);
    expect((await tf.output()).name?.value).toBe('four');
  });

  it('never let a sensitive value reach onOutput or an event', () => {
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.filter((line) => line.includes(SECRET))).toEqual([]);
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });
});
