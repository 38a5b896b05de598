import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  Terraform,
  TerraformAbortedError,
  TerraformLockError,
  type TerraformEvent,
} from '../../pipeline/terraform/index.js';
import { removeDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait.js';
import { rejectionOf } from '../helpers/errors.js';
import { realProject } from './helpers.js';

// A slow apply (local-exec `exec sleep 30`) holds the state lock until it is interrupted.
describe('real terraform: locks and interrupts', () => {
  const dir = realProject();
  const stateDir = path.join(dir, 'terraform.tfstate.d', 'apps');
  const lockFile = path.join(stateDir, '.terraform.tfstate.lock.info');
  let lines: string[];
  let events: TerraformEvent[];
  let tf: Terraform;

  beforeAll(async () => {
    // The grace period is far longer than the test: SIGINT alone must stop terraform.
    tf = new Terraform({
      workingDir: dir,
      graceMs: 50_000,
      onOutput: (line) => lines.push(line),
      onEvent: (e) => events.push(e),
    });
    lines = [];
    events = [];
    await tf.init();
    await tf.workspaceSelectOrCreate('apps');
  });
  beforeEach(() => {
    lines = [];
    events = [];
  });
  afterAll(() => removeDir(dir));

  /** Starts applying a 30 s plan; resolves (wrapping the running apply) once the slow resource is being created. */
  async function startSlowApply(
    planFile: string,
    controller: AbortController,
  ): Promise<{ applying: Promise<unknown> }> {
    await tf.plan({ out: planFile, vars: { delay: planFile === 'slow-1.tfplan' ? '30' : '31' } });
    const applying = tf.apply(planFile, { signal: controller.signal }).catch((e: unknown) => e);
    const slowStarted = () =>
      events.some(
        (e) =>
          e.type === 'apply-progress' &&
          e.address === 'terraform_data.slow' &&
          e.action === 'create' &&
          e.phase === 'start',
      );
    await waitFor(slowStarted, 'the slow resource to start');
    return { applying };
  }

  it('reports the holder of a held lock after the lock timeout', async () => {
    const controller = new AbortController();
    const { applying } = await startSlowApply('slow-1.tfplan', controller);
    try {
      const other = new Terraform({ workingDir: dir });
      const error = await rejectionOf(other.plan({ out: 'other.tfplan', lockTimeout: '1s' }), TerraformLockError);
      const lockInfo = JSON.parse(readFileSync(lockFile, 'utf8'));
      expect(error.lockId).toBe(lockInfo.ID);
      expect(error.holder).toMatchObject({ operation: 'OperationTypeApply', who: lockInfo.Who, path: lockInfo.Path });
      expect(error.message).toContain(lockInfo.ID);
    } finally {
      controller.abort();
      expect(await applying).toBeInstanceOf(TerraformAbortedError);
    }
  });

  it('interrupts a running apply with SIGINT: terraform persists state and releases the lock', async () => {
    const controller = new AbortController();
    const { applying } = await startSlowApply('slow-2.tfplan', controller);
    expect(existsSync(lockFile)).toBe(true);
    controller.abort();
    const error = (await applying) as TerraformAbortedError;
    expect(error).toBeInstanceOf(TerraformAbortedError);
    expect(error.signal).toBe('SIGINT');
    // terraform exited by itself (1), not through a signal (130 or 137).
    expect(error.exitCode).toBe(1);
    expect(events.filter((e) => e.type === 'interrupt')).toEqual([
      { type: 'interrupt', command: 'apply', signal: 'SIGINT' },
    ]);
    expect(lines.some((line) => line.includes('"type":"log"') && line.includes('Interrupt received'))).toBe(true);
    expect(existsSync(lockFile)).toBe(false);
    const state = JSON.parse(readFileSync(path.join(stateDir, 'terraform.tfstate'), 'utf8'));
    expect(state.resources.map((r: { name: string }) => r.name)).toContain('named');

    const plan = await tf.plan({ out: 'after.tfplan' });
    expect(plan.resourceChanges.map((c) => c.address)).toContain('terraform_data.slow');
    const applied = await tf.apply('after.tfplan');
    expect(applied.exitCode).toBe(0);
    expect((await tf.plan({ out: 'final.tfplan' })).hasChanges).toBe(false);
  });
});
