import { jest } from '@jest/globals';
import type { ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { BASE, commitConfig, deploy, resources, run, securityRepo, stageOf } from './project.js';

// Findings 2 and 10 of the security review: an Allow-Destroy trailer approves only the change it came
// with (a commit the promotion brings, forward only, naming the environment exactly).

jest.setTimeout(600_000);

type Guard = { approvedBy: string | null; trailerCommit?: string; notes?: string[]; refused: boolean };

describe('destroy approvals bind to the change they approve', () => {
  let repo: ExampleRepo;
  const promote = async (commit: string, n: string, args: string[] = []) => {
    const apps = await deploy(repo.dir, `apps-deploy-${n}`, commit, args);
    const prod = await deploy(repo.dir, `apps-prod-deploy-${n}`, commit, args);
    return { apps, prod };
  };

  beforeAll(async () => {
    repo = await securityRepo();
  });
  afterAll(() => repo.remove());

  it("an old commit's trailer does not approve deleting what later commits added (a rollback)", async () => {
    expect((await run(repo.dir)).exitCode).toBe(0);
    const c1 = await git(repo.dir, 'rev-parse', 'HEAD');
    expect((await promote(c1, '1')).prod.exitCode).toBe(0);

    const withoutDns = { ...BASE, apps: [{ name: 'a' }], 'apps-prod': [{ name: 'a' }] };
    const c2 = await commitConfig(repo, { resources: withoutDns }, 'drop dns\n\nAllow-Destroy: apps, apps-prod');
    expect((await run(repo.dir)).exitCode).toBe(0);
    const second = await promote(c2, '2');
    expect(second.apps.exitCode).toBe(0);
    expect(stageOf(second.apps, 'apps').guard).toMatchObject({ approvedBy: 'trailer', trailerCommit: c2 });
    expect(second.prod.exitCode).toBe(0);
    expect(resources(repo.dir, 'apps-prod')).toEqual(['terraform_data.a', 'terraform_data.secret']);

    const withDatabase = {
      ...withoutDns,
      apps: [{ name: 'a' }, { name: 'database' }],
      'apps-prod': [{ name: 'a' }, { name: 'database' }],
    };
    const c3 = await commitConfig(repo, { resources: withDatabase }, 'add a database');
    expect((await run(repo.dir)).exitCode).toBe(0);
    expect((await promote(c3, '3')).prod.exitCode).toBe(0);

    // Rolling apps-prod back to C2: the gate passes (apps applied C2), C2's trailer approves nothing.
    const rollback = await deploy(repo.dir, 'apps-prod-deploy-rollback', c2);
    expect(rollback.exitCode).toBe(3);
    expect(rollback.json.gate).toMatchObject({ passed: true });
    const guard = stageOf(rollback, 'apps-prod').guard as Guard;
    expect(guard).toMatchObject({ approvedBy: null, refused: true });
    expect(guard.notes?.[0]).toMatch(/apps-prod runs [0-9a-f]{12}, which [0-9a-f]{12} does not contain: a rollback/);
    expect(resources(repo.dir, 'apps-prod')).toContain('terraform_data.database');

    const approved = await deploy(repo.dir, 'apps-prod-deploy-rollback', c2, ['--allow-destroy']);
    expect(approved.exitCode).toBe(0);
    expect(stageOf(approved, 'apps-prod').guard).toMatchObject({ approvedBy: 'flag' });
    expect(approved.stderr).toMatch(/WARNING: destroy guard: .*APPROVED by --allow-destroy/);
    expect(resources(repo.dir, 'apps-prod')).not.toContain('terraform_data.database');
  });

  it('a trailer in a merged feature commit approves the promotion of the merge', async () => {
    await git(repo.dir, 'switch', '-q', '-c', 'feature/drop-database');
    const dropped = { ...BASE, apps: [{ name: 'a' }], 'apps-prod': [{ name: 'a' }] };
    const feature = await commitConfig(repo, { resources: dropped }, 'drop the database\n\nAllow-Destroy: apps');
    await git(repo.dir, 'switch', '-q', 'main');
    await git(repo.dir, 'merge', '-q', '--no-ff', '-m', 'merge feature/drop-database', 'feature/drop-database');
    const merge = await git(repo.dir, 'rev-parse', 'HEAD');
    expect((await run(repo.dir)).exitCode).toBe(0);
    const r = await deploy(repo.dir, 'apps-deploy-merge', merge);
    expect(r.exitCode).toBe(0);
    expect(stageOf(r, 'apps').guard).toMatchObject({ approvedBy: 'trailer', trailerCommit: feature });
  });

  it('free text in the trailer approves nothing, and the refusal says why', async () => {
    const c = await commitConfig(
      repo,
      { resources: { ...BASE, apps: [], 'apps-prod': [{ name: 'a' }] } },
      'drop a\n\nAllow-Destroy: ops only -- do NOT approve apps',
    );
    expect((await run(repo.dir)).exitCode).toBe(0);
    const r = await deploy(repo.dir, 'apps-deploy-free-text', c);
    expect(r.exitCode).toBe(3);
    const guard = stageOf(r, 'apps').guard as Guard;
    expect(guard).toMatchObject({ approvedBy: null, refused: true });
    expect(guard.notes).toContainEqual(
      expect.stringMatching(/'Allow-Destroy: ops only -- do NOT approve apps' approves nothing/),
    );
    expect(stageOf(r, 'apps').refusal).toMatch(/approves nothing/);
    expect(resources(repo.dir, 'apps')).toContain('terraform_data.a');
  });
});
