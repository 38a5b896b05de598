// Change detection on the pg backend (real terraform, a real PostgreSQL server): the state's lineage
// and serial are read through the metadata store's directory, so a fresh clone skips an unchanged
// stack without any terraform process in its directory, and a `state rm` makes it plan again.
import * as path from 'node:path';
import { jest } from '@jest/globals';
import { cloneRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { runPostgresTests, usePostgres } from '../helpers/postgres.js';
import { runTerraform } from '../helpers/terraform-project.js';
import { TerraformLog } from '../helpers/terraform-log.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { PROJECT_ENV } from '../e2e/review-project.js';
import { BASE, deploy, run, securityRepo, stageOf } from '../security/project.js';

jest.setTimeout(600_000);

const runPg = runPostgresTests();
if (!runPg)
  console.warn('Skipping the pg change-detection test: no PostgreSQL binaries under /usr/lib/postgresql/*/bin');

(runPg ? describe : describe.skip)('change detection on the pg backend', () => {
  const server = usePostgres();
  let repo: ExampleRepo;
  let clones: string;
  let log: TerraformLog;
  let first: string;
  const env = () => ({ ...PROJECT_ENV, PG_CONN_STR: server().connStr, ...log.env() });

  beforeAll(async () => {
    clones = makeTempDir('cdktf-gitops-pg-detect-');
    log = new TerraformLog();
    repo = await securityRepo({ resources: BASE, backend: 'pg' });
    first = await git(repo.dir, 'rev-parse', 'HEAD');
    expect((await run(repo.dir, [], env())).exitCode).toBe(0);
    expect((await deploy(repo.dir, 'apps-deploy-1', first, [], env())).exitCode).toBe(0);
    await repo.commitFile('NOTES.md', 'nothing for terraform\n', 'docs only');
  });
  afterAll(() => {
    repo.remove();
    removeDir(clones);
    log.remove();
  });

  it('a fresh clone runs main on an unchanged commit without terraform in the stack directories', async () => {
    const dir = await cloneRepo(repo.dir, path.join(clones, 'fresh'));
    log.clear();
    const main = await run(dir, [], env());
    expect(main.exitCode).toBe(0);
    expect(stageOf(main, 'ops')).toMatchObject({ status: 'unchanged', unchangedSince: first });
    expect(stageOf(main, 'apps')).toMatchObject({ status: 'unchanged', unchangedSince: first });
    for (const environment of ['ops', 'apps']) {
      expect(log.commandsIn(path.join(dir, 'cdktf.out', 'stacks', environment))).toEqual([]);
    }
    // The states were read in the metadata store's directory, with `state pull` only.
    const stores = log.callsWithDirs().filter((c) => c.dir.endsWith('.cdktf-gitops-meta'));
    expect(stores.map((c) => c.args.split(' ')[0])).not.toContain('plan');
    expect(log.count('plan')).toBe(0);
  });

  it('a `terraform state rm` in ops makes the next main run plan ops (and apps stays unchanged)', async () => {
    const stack = path.join(repo.dir, 'cdktf.out', 'stacks', 'ops');
    const tf = (args: string[]) => runTerraform(stack, args, { env: { PG_CONN_STR: server().connStr } });
    expect((await tf(['workspace', 'select', 'ops'])).exitCode).toBe(0);
    expect((await tf(['state', 'rm', 'terraform_data.a'])).exitCode).toBe(0);
    const main = await run(repo.dir, [], env());
    expect(main.exitCode).toBe(0);
    expect(stageOf(main, 'ops')).toMatchObject({ status: 'applied', changes: { add: 1 } });
    expect(stageOf(main, 'apps').status).toBe('unchanged');
  });
});
