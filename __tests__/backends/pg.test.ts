import {
  DEPLOYMENT_RECORD_NAME,
  parseDeploymentRecord,
  type DeploymentRecord,
} from '../../stacks/deployment-record.js';
import { runPostgresTests, usePostgres } from '../helpers/postgres.js';
import { runTerraform, synthProject } from '../helpers/terraform-project.js';
import { TempDirs } from '../helpers/temp-dir.js';

const runPg = runPostgresTests();
if (!runPg) console.warn('Skipping pg backend tests: no PostgreSQL binaries under /usr/lib/postgresql/*/bin');

const AUTOMATION = ['-input=false', '-no-color'];

function record(commit: string): DeploymentRecord {
  return { version: 1, commit, ref: 'refs/heads/main', trigger: 'main', time: '2026-01-01T00:00:00Z' };
}

(runPg ? describe : describe.skip)('pg backend (real terraform, real PostgreSQL)', () => {
  const server = usePostgres();
  const pgEnv = () => ({ PG_CONN_STR: server().connStr });
  const dirs = new TempDirs('cdktf-gitops-pg-project-');

  afterAll(() => dirs.removeAll());

  /** Runs terraform in `cwd` against the test server; fails the test on an unexpected exit code. */
  async function tf(cwd: string, args: string[], expectedExit = 0) {
    const result = await runTerraform(cwd, args, { env: pgEnv() });
    if (result.exitCode !== expectedExit) {
      throw new Error(
        `terraform ${args.join(' ')} exited ${result.exitCode}, expected ${expectedExit}\n${result.stderr}\n${result.stdout}`,
      );
    }
    return result;
  }

  /** Plans to a file (expecting changes) and applies that file. */
  async function deploy(cwd: string, rec: DeploymentRecord): Promise<void> {
    const recordVar = `${DEPLOYMENT_RECORD_NAME}=${JSON.stringify(rec)}`;
    await tf(cwd, ['plan', ...AUTOMATION, '-out=tfplan', '-detailed-exitcode', '-var', recordVar], 2);
    await tf(cwd, ['apply', ...AUTOMATION, 'tfplan']);
  }

  it('keeps each environment in its own workspace state and reads the deployment record back', async () => {
    const project = await synthProject({ dir: dirs.make(), backend: { type: 'pg' }, resources: 2 });
    const records = { ops: record('a'.repeat(40)), apps: record('b'.repeat(40)) };
    // One after the other: the pg backend races creating its table, and holds one lock for creating any workspace.
    for (const env of ['ops', 'apps']) {
      await tf(project.stackDir(env), ['init', ...AUTOMATION]);
      await tf(project.stackDir(env), ['workspace', 'select', '-or-create', env]);
    }
    // One after the other too: a fresh pg workspace's first state write takes the backend's one
    // workspace-creation lock, so two fresh workspaces can contend (the pipeline retries that race).
    for (const env of ['ops', 'apps'] as const) await deploy(project.stackDir(env), records[env]);

    // Same database as terraform's PG_CONN_STR: one row per workspace, none for `default`.
    const workspaces = await server().query('SELECT name FROM terraform_remote_state.states ORDER BY name');
    expect(workspaces).toEqual(['apps', 'ops']);
    for (const env of ['ops', 'apps'] as const) {
      const cwd = project.stackDir(env);
      const list = await tf(cwd, ['state', 'list']);
      expect(list.stdout.split('\n').sort()).toEqual([
        `terraform_data.${DEPLOYMENT_RECORD_NAME}`,
        'terraform_data.r0',
        'terraform_data.r1',
      ]);
      const outputs = JSON.parse((await tf(cwd, ['output', '-json'])).stdout);
      expect(parseDeploymentRecord(outputs[DEPLOYMENT_RECORD_NAME].value)).toEqual(records[env]);
      const recordVar = `${DEPLOYMENT_RECORD_NAME}=${JSON.stringify(records[env])}`;
      await tf(cwd, ['plan', ...AUTOMATION, '-detailed-exitcode', '-var', recordVar], 0);
    }
  });

  it('refuses a second plan on a workspace while an apply holds its lock', async () => {
    const project = await synthProject({
      dir: dirs.make(),
      backend: { type: 'pg', schemaName: 'lock_test' },
      environments: ['ops', 'apps'], // a project needs two; only ops is used
      slowSeconds: 5,
    });
    const cwd = project.stackDir('ops');
    await tf(cwd, ['init', ...AUTOMATION]);
    await tf(cwd, ['workspace', 'select', '-or-create', 'ops']);
    await tf(cwd, ['plan', ...AUTOMATION, '-out=tfplan'], 0);

    const apply = runTerraform(cwd, ['apply', ...AUTOMATION, '-json', 'tfplan'], { env: pgEnv() });
    // The lock is taken before any resource starts, so the slow provisioner's start means it is held.
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      apply.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.split('\n').some((line) => line.includes('"type":"provision_start"'))) resolve();
      });
      apply.then((r) => reject(new Error(`apply ended before provisioning:\n${r.stdout}\n${r.stderr}`)), reject);
    });

    const plan = await tf(cwd, ['plan', ...AUTOMATION, '-json', '-lock-timeout=1s'], 1);
    const diagnostics = plan.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .filter((m) => m.type === 'diagnostic')
      .map((m) => m.diagnostic);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', summary: 'Error acquiring the state lock' }),
    );

    expect((await apply).exitCode).toBe(0);
    // Released after the apply: the same plan now goes through and finds nothing to do.
    await tf(cwd, ['plan', ...AUTOMATION, '-detailed-exitcode', '-lock-timeout=5s'], 0);
  });
});
