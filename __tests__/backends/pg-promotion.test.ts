// Freezes, verification results and history live in the environment's own backend: on pg, a fresh
// clone (no local file of an earlier run) sees and obeys them.
import * as path from 'node:path';
import { jest } from '@jest/globals';
import { metadataWorkspace } from '../../pipeline/stackdir/metadata.js';
import { cli } from '../helpers/cli.js';
import { cloneRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { runPostgresTests, usePostgres } from '../helpers/postgres.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { PROJECT_ENV } from '../e2e/review-project.js';
import { BASE, deploy, run, securityRepo, stageOf } from '../security/project.js';

jest.setTimeout(600_000);

const runPg = runPostgresTests();
if (!runPg)
  console.warn('Skipping the pg promotion-control test: no PostgreSQL binaries under /usr/lib/postgresql/*/bin');

interface HistoryJson {
  entries: {
    environment: string;
    trigger: string;
    result: string;
    commit: string;
    verification?: { status: string };
  }[];
}

(runPg ? describe : describe.skip)('promotion control on the pg backend', () => {
  const server = usePostgres();
  let repo: ExampleRepo;
  let clones: string;
  let commit: string;
  const env = () => ({ ...PROJECT_ENV, PG_CONN_STR: server().connStr });
  /** A clone made now: nothing of the earlier runs on its disk. */
  const clone = (name: string) => cloneRepo(repo.dir, path.join(clones, name));

  beforeAll(async () => {
    clones = makeTempDir('cdktf-gitops-pg-promotion-');
    const verify = [{ name: 'smoke', command: 'test "$CDKTF_GITOPS_ENVIRONMENT" != nowhere', environments: ['ops'] }];
    repo = await securityRepo({ resources: BASE, backend: 'pg', verify });
    commit = await git(repo.dir, 'rev-parse', 'HEAD');
    const main = await run(repo.dir, [], env());
    expect(main.exitCode).toBe(0);
    expect(stageOf(main, 'ops')).toMatchObject({ status: 'applied', verification: { status: 'passed' } });
  });
  afterAll(() => {
    repo.remove();
    removeDir(clones);
  });

  it('a freeze is stored in pg: a fresh clone refuses the deploy tag, unfreezes, and then applies', async () => {
    const frozen = await cli(repo.dir, ['freeze', 'apps', '--reason', 'pen test'], env());
    expect(frozen.exitCode).toBe(0);
    const workspaces = await server().query('SELECT name FROM terraform_remote_state.states ORDER BY name');
    expect(workspaces).toEqual(expect.arrayContaining([metadataWorkspace('apps'), metadataWorkspace('ops'), 'ops']));

    const a = await clone('a');
    const refused = await deploy(a, 'apps-deploy-1', commit, [], env());
    expect(refused.exitCode).toBe(3);
    expect(refused.json.message).toMatch(/^apps is frozen by .* since .*: pen test; nothing was applied/);
    const status = JSON.parse((await cli(a, ['status', '--json'], env())).stdout) as {
      environments: { environment: string; freeze: { reason: string } | null }[];
    };
    expect(status.environments.find((e) => e.environment === 'apps')?.freeze).toMatchObject({ reason: 'pen test' });

    expect((await cli(a, ['unfreeze', 'apps'], env())).exitCode).toBe(0);
    const b = await clone('b');
    const applied = await deploy(b, 'apps-deploy-2', commit, [], env());
    expect(applied.exitCode).toBe(0);
    expect(stageOf(applied, 'apps').status).toBe('applied');
  });

  it('history is read from pg by a fresh clone: every apply, newest first', async () => {
    const c = await clone('c');
    const r = await cli(c, ['history', '--json'], env());
    expect(r.exitCode).toBe(0);
    const { entries } = JSON.parse(r.stdout) as HistoryJson;
    expect(entries.map((e) => [e.environment, e.trigger, e.result, e.verification?.status ?? null])).toEqual([
      ['apps', 'deploy-tag', 'succeeded', null],
      ['ops', 'main', 'succeeded', 'passed'],
    ]);
    expect(entries.every((e) => e.commit === commit)).toBe(true);
  });
});
