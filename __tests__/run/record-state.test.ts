import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readRecord, storedRecord } from '../../pipeline/stackdir/record.js';
import { Terraform } from '../../pipeline/terraform/index.js';
import { DEPLOYMENT_RECORD_NAME } from '../../stacks/deployment-record.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { stackAt, synthProject } from '../helpers/terraform-project.js';

// The record read without a `terraform output` process: the same answer, or none (then terraform is asked).
describe('readRecord from a local state file (real terraform, local backend)', () => {
  let dir: string;
  let stackDir: string;
  let tf: Terraform;
  const record = {
    version: 1,
    commit: 'c0ffee',
    ref: 'refs/heads/main',
    trigger: 'main',
    time: '2026-12-01T00:00:00.000Z',
  };

  beforeAll(async () => {
    dir = makeTempDir('cdktf-gitops-record-state-');
    const project = await synthProject({ dir, environments: ['ops', 'apps'] });
    stackDir = project.stackDir('ops');
    tf = new Terraform({ workingDir: stackDir, lockTimeout: '5s' });
    await tf.init();
    await tf.workspaceSelect('ops', { orCreate: true });
  });
  afterAll(() => removeDir(dir));
  /** What `terraform output` says, asked for real. */
  const fromTerraform = async () => storedRecord((await tf.output())[DEPLOYMENT_RECORD_NAME]?.value);
  /** A runner that must not be asked: the file answers. */
  const never = { statePull: async () => Promise.reject(new Error('terraform was asked')) } as unknown as Terraform;
  /** A runner whose `terraform state pull` names a marker record: the file could not answer. */
  const asked = {
    statePull: async () => ({ outputs: { [DEPLOYMENT_RECORD_NAME]: { value: 'asked' } } }),
  } as unknown as Terraform;
  /** The state file's lineage and serial, as `readRecord` reports them beside the record. */
  const identity = async () => {
    const pulled = (await tf.statePull())!;
    return { lineage: pulled.lineage, serial: pulled.serial };
  };

  it('a workspace without state: no record, as terraform output says', async () => {
    expect(await readRecord(stackAt(stackDir), 'ops', never)).toEqual({ raw: '' });
    expect(await fromTerraform()).toEqual({ raw: '' });
  });

  it('after an apply: the same raw value and record as terraform output', async () => {
    const raw = JSON.stringify(record);
    const planned = await tf.plan({ out: path.join(dir, 'p.tfplan'), vars: { [DEPLOYMENT_RECORD_NAME]: raw } });
    await tf.apply(planned.planFile);
    expect(await fromTerraform()).toEqual({ raw, record });
    expect(await readRecord(stackAt(stackDir), 'ops', never)).toEqual({ raw, record, state: await identity() });
  });

  it('a value that is not a record: the raw value only (re-passed unchanged by plan-only stages)', async () => {
    const planned = await tf.plan({ out: path.join(dir, 'q.tfplan'), vars: { [DEPLOYMENT_RECORD_NAME]: 'not json' } });
    await tf.apply(planned.planFile);
    expect(await readRecord(stackAt(stackDir), 'ops', never)).toEqual({
      ...(await fromTerraform()),
      state: await identity(),
    });
    expect(await readRecord(stackAt(stackDir), 'ops', never)).toMatchObject({ raw: 'not json' });
  });

  it('asks terraform when the file cannot tell: half-written or unknown-format file, other backend, default', async () => {
    const file = stackAt(stackDir).localStateFile('half')!;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{"version": 4, "outp');
    expect(await readRecord(stackAt(stackDir), 'half', asked)).toEqual({ raw: 'asked' });
    writeFileSync(file, '');
    expect(await readRecord(stackAt(stackDir), 'half', asked)).toEqual({ raw: 'asked' });
    writeFileSync(file, JSON.stringify({ version: 5, outputs: {} }));
    expect(await readRecord(stackAt(stackDir), 'half', asked)).toEqual({ raw: 'asked' });
    expect(await readRecord(stackAt(stackDir), 'default', asked)).toEqual({ raw: 'asked' });
    const pgDir = path.join(dir, 'pg-stack');
    mkdirSync(pgDir);
    writeFileSync(path.join(pgDir, 'cdk.tf.json'), JSON.stringify({ terraform: { backend: { pg: {} } } }));
    expect(await readRecord(stackAt(pgDir), 'ops', asked)).toEqual({ raw: 'asked' });
  });
});
