import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import * as path from 'node:path';
import { cli, startCli } from '../helpers/cli.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { readLines as lines } from '../helpers/files.js';
import { brief, runOutcome } from '../helpers/run-json.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { TerraformLog } from '../helpers/terraform-log.js';
import { waitFor } from '../helpers/wait.js';
import { FAILURE_TEXT, projectSource } from './project-source.js';

// main: apps plans while ops applies. When ops' apply fails, apps' concurrent plan is interrupted
// or discarded and reported skipped, exactly as a sequential run reports it (real terraform).

describe('apps plans alongside a failing ops apply (real terraform)', () => {
  let repo: ExampleRepo;
  let tmp: string;
  let env: Record<string, string>;
  let tf: TerraformLog;

  beforeAll(async () => {
    tmp = makeTempDir('cdktf-gitops-overlap-');
    tf = new TerraformLog();
    env = { APPLY_LOG: path.join(tmp, 'applied.log'), ...tf.env() };
    repo = await exampleRepo({ mainTs: projectSource({ revision: '1' }) });
  });
  afterAll(() => {
    repo?.remove();
    tf?.remove();
    removeDir(tmp);
  });

  const appsPlanStarted = () =>
    tf.calls().some((c) => c.startsWith('plan ') && c.includes(`${path.sep}stacks${path.sep}apps${path.sep}`));

  /** The commit of apps' reviewed plan (kept for its deploy tag to compare with). */
  const reviewedCommit = () => {
    const file = path.join(repo.dir, '.terraform-state', 'workspaces', 'apps__cdktf-gitops', 'terraform.tfstate');
    return JSON.parse(JSON.parse(readFileSync(file, 'utf8')).outputs['reviewed-plan'].value).commit as string;
  };

  it('the run fails, ops is failed, apps skipped with nothing of it reported, and nothing of it left behind', async () => {
    const first = runOutcome(await cli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main'], env));
    expect(brief(first)).toMatchObject({
      exitCode: 0,
      stages: ['ops: applied', 'apps: planned'],
    });
    expect(reviewedCommit()).toBe(first.json.commit);
    await repo.commitFile('main.ts', projectSource({ revision: '2', failIn: ['ops'], hold: true }), 'ops fails');
    tf.clear();
    const running = startCli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main'], env);
    // ops' apply is held in its provisioner; apps' plan starts meanwhile (the overlap), then ops fails.
    await waitFor(() => lines(`${env.APPLY_LOG}.started`).includes('ops 2'), "ops' apply to start");
    await waitFor(appsPlanStarted, "apps' plan to start while ops applies");
    // apps' plan is written (and would be recorded as reviewed) before ops fails.
    const appsDir = path.join(repo.dir, 'cdktf.out', 'stacks', 'apps');
    const planWritten = () =>
      readdirSync(appsDir).some((f) => f.endsWith('.tfplan') && statSync(path.join(appsDir, f)).size > 0);
    await waitFor(planWritten, "apps' plan to be written");
    await delay(1500);
    expect(lines(env.APPLY_LOG!)).toEqual(['ops 1']);
    writeFileSync(`${env.APPLY_LOG}.release`, '');
    const r = runOutcome(await running);
    expect(brief(r)).toMatchObject({ exitCode: 1, status: 'failed', stages: ['ops: failed', 'apps: skipped'] });
    expect(r.json.message).toMatch(/^ops: local-exec provisioner error/);
    expect(r.json.stages[0]!.error!.message).toContain(`${FAILURE_TEXT} in ops`);
    expect(r.json.stages[1]).toMatchObject({ changes: { add: 0, change: 0, destroy: 0 }, resourceChanges: [] });
    expect(r.stderr).not.toMatch(/apps: (init|plan|planned)/);
    // apps' terraform exited (interrupted or done), released its lock, and its saved plan is gone.
    const appsState = path.join(repo.dir, '.terraform-state', 'workspaces', 'apps');
    expect(existsSync(path.join(appsState, '.terraform.tfstate.lock.info'))).toBe(false);
    expect(
      readdirSync(path.join(repo.dir, 'cdktf.out', 'stacks', 'apps')).filter((f) => f.endsWith('.tfplan')),
    ).toEqual([]);
    // The discarded plan is no reviewed plan: apps' record still names the first run's commit.
    expect(reviewedCommit()).toBe(first.json.commit);
  });

  it('the next run converges, with apps planned after ops applied', async () => {
    rmSync(`${env.APPLY_LOG}.release`, { force: true });
    await repo.commitFile('main.ts', projectSource({ revision: '3' }), 'ops fixed');
    const r = runOutcome(await cli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main'], env));
    expect(brief(r)).toMatchObject({ exitCode: 0, status: 'succeeded', stages: ['ops: applied', 'apps: planned'] });
    // apps was only ever planned: its work resource is still to be created.
    expect(r.json.stages[1]!.resourceChanges).toEqual([{ address: 'terraform_data.work', actions: ['create'] }]);
    expect(lines(env.APPLY_LOG!)).toEqual(['ops 1', 'ops 3']);
  });

  it('CDKTF_GITOPS_OVERLAP=off: apps plans only after ops ended', async () => {
    await repo.commitFile('main.ts', projectSource({ revision: '4', failIn: ['ops'], hold: true }), 'ops fails again');
    tf.clear();
    const running = startCli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main'], {
      ...env,
      CDKTF_GITOPS_OVERLAP: 'off',
    });
    await waitFor(() => lines(`${env.APPLY_LOG}.started`).includes('ops 4'), "ops' apply to start");
    // ops holds in its apply until released: with the overlap off, apps' plan must not have started.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(appsPlanStarted()).toBe(false);
    writeFileSync(`${env.APPLY_LOG}.release`, '');
    const r = runOutcome(await running);
    expect(brief(r)).toMatchObject({ exitCode: 1, stages: ['ops: failed', 'apps: skipped'] });
    expect(appsPlanStarted()).toBe(false);
  });
});
