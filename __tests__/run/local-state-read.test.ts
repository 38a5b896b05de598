import { jest } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pullState, readLocalStateFile } from '../../pipeline/stackdir/local-state.js';
import { Terraform } from '../../pipeline/terraform/index.js';
import { DEPLOYMENT_RECORD_NAME } from '../../stacks/deployment-record.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { stackAt, synthProject } from '../helpers/terraform-project.js';

// A local backend's state read from its file instead of a `terraform state pull` process: the same
// answer (lineage, serial, outputs), or none, and then terraform is asked.
describe('readLocalStateFile and pullState (real terraform, local backend)', () => {
  let dir: string;
  let stackDir: string;
  let tf: Terraform;
  const identity = (s: Record<string, unknown> | null | undefined) => ({ lineage: s?.lineage, serial: s?.serial });

  beforeAll(async () => {
    dir = makeTempDir('cdktf-gitops-local-state-read-');
    const project = await synthProject({ dir, environments: ['ops', 'apps'] });
    stackDir = project.stackDir('ops');
    tf = new Terraform({ workingDir: stackDir, lockTimeout: '5s' });
    await tf.init();
    await tf.workspaceSelect('ops', { orCreate: true });
  });
  afterAll(() => removeDir(dir));

  it('a workspace without a state file: null, and state pull has nothing either', async () => {
    expect(readLocalStateFile(stackAt(stackDir), 'ops')).toBeNull();
    expect(await tf.statePull()).toBeUndefined();
    const pull = jest.fn(async () => ({ lineage: 'never asked' }));
    expect(await pullState(stackAt(stackDir), 'ops', pull)).toBeUndefined();
    expect(pull).not.toHaveBeenCalled();
  });

  it('after an apply: the lineage, serial and outputs state pull reports, without asking terraform', async () => {
    const planned = await tf.plan({ out: path.join(dir, 'p.tfplan'), vars: { [DEPLOYMENT_RECORD_NAME]: 'r1' } });
    await tf.apply(planned.planFile);
    const pulled = await tf.statePull();
    const file = readLocalStateFile(stackAt(stackDir), 'ops');
    expect(identity(file)).toEqual(identity(pulled));
    expect(typeof pulled?.lineage).toBe('string');
    expect(file?.outputs).toEqual(pulled?.outputs);
    const pull = jest.fn(async () => ({ lineage: 'never asked' }));
    expect(identity(await pullState(stackAt(stackDir), 'ops', pull))).toEqual(identity(pulled));
    expect(pull).not.toHaveBeenCalled();
  });

  it('cannot tell → undefined, and pullState asks terraform: half-written, unknown format, default, other backend', async () => {
    const file = stackAt(stackDir).localStateFile('half')!;
    mkdirSync(path.dirname(file), { recursive: true });
    for (const text of ['{"version": 4, "outp', '', JSON.stringify({ version: 5, outputs: {} })]) {
      writeFileSync(file, text);
      expect(readLocalStateFile(stackAt(stackDir), 'half')).toBeUndefined();
      expect(await pullState(stackAt(stackDir), 'half', async () => ({ lineage: 'asked' }))).toEqual({
        lineage: 'asked',
      });
    }
    expect(readLocalStateFile(stackAt(stackDir), 'default')).toBeUndefined();
    expect(await pullState(stackAt(stackDir), 'default', async () => ({ lineage: 'asked' }))).toEqual({
      lineage: 'asked',
    });
    const pgDir = path.join(dir, 'pg-stack');
    mkdirSync(pgDir);
    writeFileSync(path.join(pgDir, 'cdk.tf.json'), JSON.stringify({ terraform: { backend: { pg: {} } } }));
    expect(readLocalStateFile(stackAt(pgDir), 'ops')).toBeUndefined();
  });
});
