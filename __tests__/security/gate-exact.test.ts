import { jest } from '@jest/globals';
import { cli } from '../helpers/cli.js';
import { cloneRepo } from '../helpers/example-repo.js';
import type { ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { jsonOutput } from '../helpers/run-json.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { BASE, commitConfig, deploy, PROJECT_ENV, resources, run, securityRepo, stageOf } from './project.js';

// Findings 1, 4 and 8 of the security review: the gate promotes exactly what the previous
// environment applied; a ref must name the checked-out commit; an override leaves a trace.

jest.setTimeout(600_000);

describe('the gate promotes only a commit the previous environment applied', () => {
  let repo: ExampleRepo;
  let f1: string;
  let merge: string;

  beforeAll(async () => {
    repo = await securityRepo();
    expect((await run(repo.dir)).exitCode).toBe(0);
    // F1 sets something in apps that F2 takes back; merged with --no-ff, ops applies the merge only.
    await git(repo.dir, 'switch', '-q', '-c', 'feature/wip');
    f1 = await commitConfig(repo, { resources: { ...BASE, apps: [...BASE.apps!, { name: 'wip' }] } }, 'apps: wip');
    await commitConfig(repo, { resources: BASE }, 'apps: revert wip');
    await git(repo.dir, 'switch', '-q', 'main');
    await git(repo.dir, 'merge', '-q', '--no-ff', '-m', 'merge feature/wip', 'feature/wip');
    merge = await git(repo.dir, 'rev-parse', 'HEAD');
    expect((await run(repo.dir)).exitCode).toBe(0);
  });
  afterAll(() => repo.remove());

  it('refuses a feature commit inside the merge ops applied, naming the merge (exit 3, apps untouched)', async () => {
    const r = await deploy(repo.dir, 'apps-deploy-wip', f1);
    expect(r.exitCode).toBe(3);
    expect(r.json.status).toBe('refused');
    expect(r.json.message).toMatch(
      new RegExp(
        `^ops never applied ${f1.slice(0, 12)} through the pipeline; it applied ${merge.slice(0, 12)} ` +
          '\\(refs/heads/main, [^)]*, which contains it\\)',
      ),
    );
    expect(resources(repo.dir, 'apps')).toEqual([]);
    const prod = await deploy(repo.dir, 'apps-prod-deploy-wip', f1);
    expect(prod.exitCode).toBe(3);
    expect(prod.json.message).toMatch(/^apps has no record of a successful pipeline apply/);
  });

  it('passes the merge commit itself', async () => {
    const r = await deploy(repo.dir, 'apps-deploy-merge', merge);
    expect(r.exitCode).toBe(0);
    expect(r.json.gate).toMatchObject({ passed: true, message: expect.stringMatching(/ops applied exactly it/) });
    expect(resources(repo.dir, 'apps')).toEqual(['terraform_data.a', 'terraform_data.dns', 'terraform_data.secret']);
  });

  it('an override is marked in the record, shown by status, and is no evidence for the next gate', async () => {
    const forced = await deploy(repo.dir, 'apps-deploy-forced', f1, ['--override-gate']);
    expect(forced.exitCode).toBe(0);
    expect(forced.json.gate).toMatchObject({ passed: false, overridden: true });
    expect(stageOf(forced, 'apps').record).toMatchObject({ commit: f1, gateOverridden: true });
    const status = await cli(repo.dir, ['status', '--json'], PROJECT_ENV);
    const apps = jsonOutput<{ environments: { environment: string; record: object }[] }>(
      status,
      'status',
    ).environments.find((e) => e.environment === 'apps');
    expect(apps?.record).toMatchObject({ commit: f1, trigger: 'deploy-tag', gateOverridden: true });
    expect((await cli(repo.dir, ['status'], PROJECT_ENV)).stdout).toMatch(/deploy-tag \(GATE OVERRIDDEN\)/);
    const next = await deploy(repo.dir, 'apps-prod-deploy-forced', f1);
    expect(next.exitCode).toBe(3);
    expect(next.json.message).toMatch(/apps applied [0-9a-f]{12} only under --override-gate/);
    const overridden = await deploy(repo.dir, 'apps-prod-deploy-forced', f1, ['--override-gate']);
    expect(overridden.exitCode).toBe(0);
    expect(stageOf(overridden, 'apps-prod').record).toMatchObject({ gateOverridden: true });
  });
});

describe('the ref and the checkout agree', () => {
  let repo: ExampleRepo;
  beforeAll(async () => {
    repo = await securityRepo();
  });
  afterAll(() => repo.remove());

  it('a ref that names no commit is a usage error, and nothing runs', async () => {
    const r = await cli(repo.dir, ['run', '--ref', 'refs/tags/apps-deploy-doesnotexist'], PROJECT_ENV);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/refs\/tags\/apps-deploy-doesnotexist names no commit in this clone/);
    expect(resources(repo.dir, 'apps')).toEqual([]);
    expect(resources(repo.dir, 'ops')).toEqual([]);
  });

  it('a clone without main refuses to run an unmerged commit as main', async () => {
    await git(repo.dir, 'switch', '-q', '-c', 'feature/x');
    await commitConfig(repo, { resources: { ...BASE, ops: [{ name: 'evil' }] } }, 'ops: unmerged');
    await git(repo.dir, 'switch', '-q', 'main');
    const dir = makeTempDir('cdktf-gitops-clone-');
    try {
      const clone = await cloneRepo(repo.dir, `${dir}/clone`, ['--single-branch', '--branch', 'feature/x']);
      const r = await cli(clone, ['run', '--ref', 'refs/heads/main'], PROJECT_ENV);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(
        /refs\/heads\/main names no commit in this clone \(refs\/heads\/main or refs\/remotes\/origin\/main\)/,
      );
      expect(resources(clone, 'ops')).toEqual([]);
      // The branch it is on, locally or at origin, runs.
      expect((await cli(clone, ['run', '--ref', 'refs/heads/feature/x'], PROJECT_ENV)).exitCode).toBe(0);
      await git(clone, 'checkout', '-q', '--detach');
      await git(clone, 'branch', '-q', '-D', 'feature/x');
      expect((await cli(clone, ['run', '--ref', 'refs/heads/feature/x'], PROJECT_ENV)).exitCode).toBe(0);
    } finally {
      removeDir(dir);
    }
  });
});
