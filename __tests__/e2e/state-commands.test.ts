import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { prepareStateBackupDirs } from '../../pipeline/project/state-backup-dirs.js';
import { cli } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { useExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { brief, jsonOutput, runOutcome, type StageJson } from '../helpers/run-json.js';
import { useTempDir } from '../helpers/temp-dir.js';

// terraform's own state commands, as docs/environments-and-state.md tells users to run them, in a stack
// directory the pipeline left.

describe('terraform state commands in cdktf.out/stacks/<env> after a pipeline run (local backend)', () => {
  const repo = useExampleRepo();
  const stackDir = () => path.join(repo.dir, 'cdktf.out', 'stacks', 'apps');
  const terraform = (...args: string[]) =>
    execa('terraform', args, { cwd: stackDir(), env: cleanEnv(), extendEnv: false, reject: false, stdin: 'ignore' });
  const list = async () => (await terraform('state', 'list')).stdout.split('\n').filter(Boolean).sort();

  beforeAll(async () => {
    expect(brief(runOutcome(await cli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main'])))).toMatchObject({
      status: 'succeeded',
    });
    await git(repo.dir, 'tag', 'apps-deploy-1');
    expect(brief(runOutcome(await cli(repo.dir, ['run', '--json', '--ref', 'refs/tags/apps-deploy-1'])))).toEqual({
      exitCode: 0,
      status: 'succeeded',
      message: null,
      stages: ['apps: applied', 'apps-prod: planned'],
    });
  }, 120_000);

  it('list, pull, mv, rm and push all work, and the next run sees what they did', async () => {
    expect((await terraform('workspace', 'select', 'apps')).exitCode).toBe(0);
    const addresses = ['terraform_data.cdktf_gitops_deployment', 'terraform_data.dns', 'terraform_data.web'];
    expect(await list()).toEqual(addresses);
    const pulled = await terraform('state', 'pull');
    expect(pulled.exitCode).toBe(0);
    const snapshot = path.join(repo.dir, 'apps-before.tfstate');
    writeFileSync(snapshot, pulled.stdout);

    const moved = await terraform('state', 'mv', 'terraform_data.web', 'terraform_data.www');
    expect(moved.exitCode).toBe(0);
    const removed = await terraform('state', 'rm', 'terraform_data.dns');
    expect(removed.exitCode).toBe(0);
    expect(await list()).toEqual(['terraform_data.cdktf_gitops_deployment', 'terraform_data.www']);
    // terraform's backups of the state before each change, beside the stack's configuration.
    expect(readdirSync(path.join(stackDir(), 'terraform.tfstate.d', 'apps')).length).toBeGreaterThan(0);

    // The pipeline plans from the changed state: dns and web to create, www to destroy.
    const plan = jsonOutput<StageJson>(await cli(repo.dir, ['plan', '--env', 'apps', '--json']), 'plan');
    expect(plan.resourceChanges.map((c) => `${c.address}: ${c.actions.join('+')}`).sort()).toEqual([
      'terraform_data.dns: create',
      'terraform_data.web: create',
      'terraform_data.www: delete',
    ]);

    // Restoring the snapshot (older than the state now, hence -force) puts everything back.
    expect((await terraform('state', 'push', '-force', snapshot)).exitCode).toBe(0);
    expect(await list()).toEqual(addresses);
    const again = jsonOutput<StageJson>(await cli(repo.dir, ['plan', '--env', 'apps', '--json']), 'plan');
    expect([again.environment, again.status]).toEqual(['apps', 'no-changes']);
  }, 120_000);
});

describe('prepareStateBackupDirs', () => {
  const tmp = useTempDir('cdktf-gitops-backup-dirs-');

  function stackDir(id: string, backend: Record<string, unknown>): string {
    const dir = path.join(tmp(), id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify({ terraform: { backend } }));
    return dir;
  }

  it("creates terraform.tfstate.d/<env> only in the local backend's stack directories", () => {
    const local = stackDir('ops', { local: { workspace_dir: '../../../.terraform-state/workspaces' } });
    const named = stackDir('ops-net', { local: { workspace_dir: '../../../.terraform-state/stacks/net/workspaces' } });
    const pg = stackDir('apps', { pg: { schema_name: 'terraform_remote_state' } });
    const info = (id: string, dir: string) => ({ name: id, named: false, id, dir, dependsOn: [] });
    prepareStateBackupDirs({ ops: [info('ops', local), info('ops-net', named)], apps: [info('apps', pg)] });
    expect(existsSync(path.join(local, 'terraform.tfstate.d', 'ops'))).toBe(true);
    expect(existsSync(path.join(named, 'terraform.tfstate.d', 'ops'))).toBe(true);
    expect(existsSync(path.join(pg, 'terraform.tfstate.d'))).toBe(false);
  });
});
