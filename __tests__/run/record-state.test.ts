import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readRecord } from '../../pipeline/run/record.js';
import { readRecordFromLocalState } from '../../pipeline/run/record-state.js';
import { localWorkspaceStateFile } from '../../pipeline/run/local-state.js';
import { Terraform } from '../../pipeline/terraform/index.js';
import { DEPLOYMENT_RECORD_NAME } from '../../stacks/deployment-record.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { synthProject } from '../helpers/terraform-project.js';

// The record read without a `terraform output` process: the same answer, or none (then terraform is asked).
describe('readRecordFromLocalState (real terraform, local backend)', () => {
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

  it('a workspace without state: no record, as terraform output says', async () => {
    expect(readRecordFromLocalState(stackDir, 'ops')).toEqual({ raw: '' });
    expect(await readRecord(tf)).toEqual({ raw: '' });
  });

  it('after an apply: the same raw value and record as terraform output', async () => {
    const raw = JSON.stringify(record);
    const planned = await tf.plan({ out: path.join(dir, 'p.tfplan'), vars: { [DEPLOYMENT_RECORD_NAME]: raw } });
    await tf.apply(planned.planFile);
    const fromTerraform = await readRecord(tf);
    expect(fromTerraform).toEqual({ raw, record });
    expect(readRecordFromLocalState(stackDir, 'ops')).toEqual(fromTerraform);
  });

  it('a value that is not a record: the raw value only (re-passed unchanged by plan-only stages)', async () => {
    const planned = await tf.plan({ out: path.join(dir, 'q.tfplan'), vars: { [DEPLOYMENT_RECORD_NAME]: 'not json' } });
    await tf.apply(planned.planFile);
    expect(readRecordFromLocalState(stackDir, 'ops')).toEqual(await readRecord(tf));
    expect(readRecordFromLocalState(stackDir, 'ops')).toEqual({ raw: 'not json' });
  });

  it('cannot tell → undefined, so the caller asks terraform: half-written or unknown-format file, other backend, default', () => {
    const file = localWorkspaceStateFile(stackDir, 'half')!;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{"version": 4, "outp');
    expect(readRecordFromLocalState(stackDir, 'half')).toBeUndefined();
    writeFileSync(file, '');
    expect(readRecordFromLocalState(stackDir, 'half')).toBeUndefined();
    writeFileSync(file, JSON.stringify({ version: 5, outputs: {} }));
    expect(readRecordFromLocalState(stackDir, 'half')).toBeUndefined();
    expect(readRecordFromLocalState(stackDir, 'default')).toBeUndefined();
    const pgDir = path.join(dir, 'pg-stack');
    mkdirSync(pgDir);
    writeFileSync(path.join(pgDir, 'cdk.tf.json'), JSON.stringify({ terraform: { backend: { pg: {} } } }));
    expect(readRecordFromLocalState(pgDir, 'ops')).toBeUndefined();
  });
});
