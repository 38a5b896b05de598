import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureLocalWorkspaceState } from '../../pipeline/stackdir/local-state.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { runTerraform, stackAt } from '../helpers/terraform-project.js';

// The seeded state file that keeps terraform's local lock on one file for a fresh workspace.
describe('ensureLocalWorkspaceState', () => {
  let dir: string;
  const stackDir = () => path.join(dir, 'cdktf.out', 'stacks', 'ops');
  const stateFile = () => path.join(dir, '.terraform-state', 'workspaces', 'ops', 'terraform.tfstate');
  beforeEach(() => {
    dir = makeTempDir('cdktf-gitops-local-state-');
    mkdirSync(stackDir(), { recursive: true });
    writeFileSync(
      path.join(stackDir(), 'cdk.tf.json'),
      JSON.stringify({
        terraform: {
          backend: {
            local: {
              path: '../../../.terraform-state/default.tfstate',
              workspace_dir: '../../../.terraform-state/workspaces',
            },
          },
        },
        resource: { terraform_data: { w: { input: 'x' } } },
      }),
    );
  });
  afterEach(() => removeDir(dir));

  it('creates the file once: concurrent callers agree on one lineage', () => {
    const created = [1, 2, 3].map(() => ensureLocalWorkspaceState(stackAt(stackDir()), 'ops', '1.11.4'));
    expect(created).toEqual([true, false, false]);
    const state = JSON.parse(readFileSync(stateFile(), 'utf8'));
    expect(state).toMatchObject({ version: 4, serial: 0, resources: [] });
    expect(typeof state.lineage).toBe('string');
  });

  it('does nothing for other backends', () => {
    writeFileSync(path.join(stackDir(), 'cdk.tf.json'), JSON.stringify({ terraform: { backend: { pg: {} } } }));
    expect(ensureLocalWorkspaceState(stackAt(stackDir()), 'ops', '1.11.4')).toBe(false);
  });

  it('is a state terraform selects, plans and applies on, keeping its lineage and catching stale plans', async () => {
    ensureLocalWorkspaceState(stackAt(stackDir()), 'ops', '1.11.4');
    const { lineage } = JSON.parse(readFileSync(stateFile(), 'utf8'));
    const tf = (...args: string[]) => runTerraform(stackDir(), args);
    expect((await tf('init', '-input=false', '-no-color')).exitCode).toBe(0);
    expect((await tf('workspace', 'select', '-no-color', 'ops')).exitCode).toBe(0);
    expect((await tf('plan', '-input=false', '-no-color', '-out=a.tfplan')).exitCode).toBe(0);
    expect((await tf('plan', '-input=false', '-no-color', '-out=b.tfplan')).exitCode).toBe(0);
    expect((await tf('apply', '-input=false', '-no-color', 'a.tfplan')).exitCode).toBe(0);
    const stale = await tf('apply', '-input=false', '-no-color', 'b.tfplan');
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toMatch(/Saved plan is stale/);
    expect(JSON.parse(readFileSync(stateFile(), 'utf8'))).toMatchObject({
      lineage,
      resources: [expect.objectContaining({ type: 'terraform_data', name: 'w' })],
    });
  });
});
