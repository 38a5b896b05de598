// The feature job's credentials on the real pg backend: a role with USAGE on the schema and SELECT on
// the states table plans (with the PG_SKIP_* settings the CI files give it) and cannot apply.
import * as path from 'node:path';
import { PG_READ_ONLY_SETTINGS } from '../../pipeline/ci-files/jobs.js';
import { cli } from '../helpers/cli.js';
import { cloneRepo, useExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { runPostgresTests, usePostgres } from '../helpers/postgres.js';
import { useTempDir } from '../helpers/temp-dir.js';

const runPg = runPostgresTests();
if (!runPg) console.warn('Skipping the plan-role test: no PostgreSQL binaries under /usr/lib/postgresql/*/bin');

const MAIN_TS = `import { DataResource } from 'cdktf';
import { defineProject, EnvironmentStack, isEntrypoint } from 'cdktf-gitops';

const environments = ['ops', 'apps'];

export const project = defineProject({
  environments,
  stacks: (app) => {
    for (const env of environments) {
      const stack = new EnvironmentStack(app, env, { backend: { type: 'pg' } });
      new DataResource(stack, 'web', { input: { env, replicas: 1 } });
    }
  },
});

if (isEntrypoint(import.meta.url)) project.createApp().synth();
`;

/** The parts of `run --json` read here. */
interface RunJson {
  status: string;
  stages: { environment: string; status: string }[];
}

(runPg ? describe : describe.skip)('a read-only pg role (the feature job of the generated CI files)', () => {
  const server = usePostgres();
  const repo = useExampleRepo({ mainTs: MAIN_TS });
  const clones = useTempDir('cdktf-gitops-plan-role-');
  const reader = () => server().connStr.replace('postgres@', 'cdktf_plan@');

  /** A fresh clone at `branch` (CI checks out afresh: no .terraform from an earlier run), run with `env`. */
  async function runIn(branch: string, name: string, env: Record<string, string>) {
    const dir = await cloneRepo(repo.dir, path.join(clones(), name), ['--branch', branch]);
    const r = await cli(dir, ['run', '--ref', `refs/heads/${branch}`, '--json'], env);
    return { ...r, json: r.stdout === '' ? undefined : (JSON.parse(r.stdout) as RunJson) };
  }

  beforeAll(async () => {
    const main = await cli(repo.dir, ['run', '--ref', 'refs/heads/main', '--json'], { PG_CONN_STR: server().connStr });
    if (main.exitCode !== 0) throw new Error(`the first main run failed:\n${main.stdout}\n${main.stderr}`);
    await server().query(
      'CREATE ROLE cdktf_plan LOGIN; GRANT USAGE ON SCHEMA terraform_remote_state TO cdktf_plan; ' +
        'GRANT SELECT ON terraform_remote_state.states TO cdktf_plan;',
    );
    await git(repo.dir, 'checkout', '-q', '-b', 'feature-x');
    await repo.commitFile('main.ts', MAIN_TS.replace('replicas: 1', 'replicas: 2'), 'more replicas');
    await git(repo.dir, 'checkout', '-q', 'main');
  });

  it('plans a feature branch with the settings the CI files give it', async () => {
    const r = await runIn('feature-x', 'plan', { PG_CONN_STR: reader(), ...PG_READ_ONLY_SETTINGS });
    expect({ exitCode: r.exitCode, status: r.json?.status }).toEqual({ exitCode: 0, status: 'succeeded' });
    expect(r.json?.stages.map((s) => [s.environment, s.status])).toEqual([['ops', 'planned']]);
  });

  it('cannot even init without them (terraform would create the table and sequence)', async () => {
    const r = await runIn('feature-x', 'no-skip', { PG_CONN_STR: reader() });
    expect(r.exitCode).toBe(1);
    expect(r.stdout + r.stderr).toContain('permission denied');
  });

  it('cannot apply: a main run with it fails to write the state', async () => {
    await repo.commitFile('main.ts', MAIN_TS.replace('replicas: 1', 'replicas: 3'), 'on main');
    const r = await runIn('main', 'apply', { PG_CONN_STR: reader(), ...PG_READ_ONLY_SETTINGS });
    expect(r.exitCode).toBe(1);
    expect(r.json?.stages[0]).toMatchObject({ environment: 'ops', status: 'failed' });
    expect(r.stdout + r.stderr).toContain('permission denied for table states');
  });
});
