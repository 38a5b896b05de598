import { jest } from '@jest/globals';
import { cli } from '../helpers/cli.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { runPostgresTests, usePostgres } from '../helpers/postgres.js';
import { jsonOutput, type RunJson } from '../helpers/run-json.js';
import { projectSource } from '../reliability/project-source.js';

// The credential split of the CI files (docs/review.md, "Threat model"): a feature-branch job plans
// with a read-only PostgreSQL role, and that role cannot write a state or a record.

jest.setTimeout(300_000);

const runPg = runPostgresTests();
if (!runPg) console.warn('Skipping the plan-only credentials test: no PostgreSQL binaries under /usr/lib/postgresql');

/** What the docs tell a pg user to set for the plan-only job (the role cannot create the schema or table). */
const PLAN_ONLY_ENV = {
  PG_SKIP_SCHEMA_CREATION: 'true',
  PG_SKIP_TABLE_CREATION: 'true',
  PG_SKIP_INDEX_CREATION: 'true',
};

(runPg ? describe : describe.skip)('plan-only credentials on the pg backend', () => {
  const server = usePostgres();
  let repo: ExampleRepo;
  beforeAll(async () => {
    repo = await exampleRepo({ mainTs: projectSource({ backend: 'pg' }) });
  });
  afterAll(() => repo.remove());

  it('a feature branch plans with a read-only role; the same role cannot apply', async () => {
    const writer = { PG_CONN_STR: server().connStr, APPLY_LOG: '/dev/null' };
    expect((await cli(repo.dir, ['run'], writer)).exitCode).toBe(0);
    await server().query(
      'CREATE ROLE planner LOGIN; GRANT USAGE ON SCHEMA public, terraform_remote_state TO planner; ' +
        'GRANT SELECT ON terraform_remote_state.states TO planner',
    );
    const reader = {
      ...PLAN_ONLY_ENV,
      APPLY_LOG: '/dev/null',
      PG_CONN_STR: server().connStr.replace('postgres@', 'planner@'),
    };
    const before = await server().query("SELECT md5(data) FROM terraform_remote_state.states WHERE name = 'ops'");

    await git(repo.dir, 'switch', '-q', '-c', 'feature/next');
    await repo.commitFile('main.ts', projectSource({ backend: 'pg', revision: '2' }), 'ops: next revision');
    const plan = await cli(repo.dir, ['run', '--json'], reader);
    expect(plan.exitCode).toBe(0);
    expect(jsonOutput<RunJson>(plan, 'run').stages).toMatchObject([{ environment: 'ops', status: 'planned' }]);

    await git(repo.dir, 'switch', '-q', 'main');
    await git(repo.dir, 'merge', '-q', '--ff-only', 'feature/next');
    const apply = await cli(repo.dir, ['run', '--json'], reader);
    expect(apply.exitCode).toBe(1);
    expect(apply.stdout).toMatch(/permission denied/);
    expect(await server().query("SELECT md5(data) FROM terraform_remote_state.states WHERE name = 'ops'")).toEqual(
      before,
    );
  });
});
