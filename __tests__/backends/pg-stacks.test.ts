import { cli } from '../helpers/cli.js';
import { useExampleRepo } from '../helpers/example-repo.js';
import { runPostgresTests, usePostgres } from '../helpers/postgres.js';

// Two named stacks of one environment on the real pg backend, run by the real CLI on main: each keeps
// its state in a schema of its own (`terraform_remote_state_<stack>`, dashes as `_`), and the second
// reads the first's output through a cdktf cross-stack reference (terraform_remote_state on pg). A third,
// independent stack runs alongside the first: their first schema and workspace creations may overlap.

const runPg = runPostgresTests();
if (!runPg) console.warn('Skipping pg stacks tests: no PostgreSQL binaries under /usr/lib/postgresql/*/bin');

// `net-core` has a dash: its schema is terraform_remote_state_net_core.
const MAIN_TS = `import { DataResource } from 'cdktf';
import { defineProject, EnvironmentStack, isEntrypoint } from 'cdktf-gitops';

const environments = ['ops', 'apps'];
const backend = { type: 'pg' } as const;

export const project = defineProject({
  environments,
  stacks: (app) => {
    for (const env of environments) {
      const net = new EnvironmentStack(app, env, { backend, stack: 'net-core' });
      const network = new DataResource(net, 'network', { input: { env, cidr: '10.0.0.0/16' } });
      const web = new EnvironmentStack(app, env, { backend, stack: 'web' });
      new DataResource(web, 'service', { input: { network: network.output } });
      // Independent: runs alongside net-core, both creating a schema and a first workspace (pg has one creation lock).
      const audit = new EnvironmentStack(app, env, { backend, stack: 'audit' });
      new DataResource(audit, 'log', { input: { env } });
    }
  },
});

if (isEntrypoint(import.meta.url)) project.createApp().synth();
`;

/** One stack of a stage of `run --json`. */
interface StackJson {
  stack: string;
  dependsOn: string[];
  status: string;
}

/** The parts of `run --json` this test reads. */
interface RunJson {
  status: string;
  stages: { environment: string; status: string; stacks?: StackJson[] }[];
}

/** A resource's attributes in a state; terraform_data's input and output are dynamic values. */
type Attributes = Record<string, { value: unknown }>;

/** A terraform state as the pg backend stores it (the parts read here). */
interface State {
  resources: { type: string; name: string; instances: { attributes: Attributes }[] }[];
}

(runPg ? describe : describe.skip)('named stacks on the pg backend (real terraform, PostgreSQL, CLI)', () => {
  const server = usePostgres();
  const repo = useExampleRepo({ mainTs: MAIN_TS });
  const pgEnv = () => ({ PG_CONN_STR: server().connStr });

  async function runMain(args: string[] = []): Promise<RunJson> {
    const r = await cli(repo.dir, ['run', '--ref', 'refs/heads/main', '--json', ...args], pgEnv());
    let json: RunJson;
    try {
      json = JSON.parse(r.stdout) as RunJson;
    } catch {
      throw new Error(`run printed no JSON (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
    }
    expect({ exitCode: r.exitCode, status: json.status }).toEqual({ exitCode: 0, status: 'succeeded' });
    return json;
  }

  /** The state of workspace `env` in `schema`, parsed. */
  async function stateIn(schema: string, env: string): Promise<State> {
    // One line per row: psql splits rows on newlines, and the stored state is pretty-printed.
    const [data] = await server().query(`SELECT data::jsonb::text FROM ${schema}.states WHERE name = '${env}'`);
    expect(data).toBeDefined();
    return JSON.parse(data!) as State;
  }

  function attributes(state: State, type: string, name: string): Attributes {
    const resource = state.resources.find((r) => r.type === type && r.name === name);
    if (!resource) throw new Error(`no ${type}.${name} in ${JSON.stringify(state.resources.map((r) => r.name))}`);
    return resource.instances[0]!.attributes;
  }

  it('main applies net-core, then web, audit alongside; each state in its own schema; web reads net-core', async () => {
    const json = await runMain();
    const ops = json.stages.find((s) => s.environment === 'ops')!;
    expect(ops.status).toBe('applied');
    expect(ops.stacks!.map((s) => [s.stack, s.dependsOn, s.status])).toEqual([
      ['net-core', [], 'applied'],
      ['web', ['net-core'], 'applied'],
      ['audit', [], 'applied'],
    ]);

    // terraform's pg backend created one schema per stack (the dash mapped to _), and none unnamed.
    const schemas = await server().query(
      "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'terraform_remote_state%' " +
        'ORDER BY schema_name',
    );
    expect(schemas).toEqual([
      'terraform_remote_state_audit',
      'terraform_remote_state_net_core',
      'terraform_remote_state_web',
    ]);
    for (const schema of schemas) {
      expect(await server().query(`SELECT name FROM ${schema}.states WHERE name = 'ops'`)).toEqual(['ops']);
    }

    const net = await stateIn('terraform_remote_state_net_core', 'ops');
    const web = await stateIn('terraform_remote_state_web', 'ops');
    // Each state holds only its own stack's resources (and its deployment record).
    expect(net.resources.map((r) => `${r.type}.${r.name}`).sort()).toEqual([
      'terraform_data.cdktf_gitops_deployment',
      'terraform_data.network',
    ]);
    expect(
      web.resources
        .filter((r) => r.type === 'terraform_data')
        .map((r) => r.name)
        .sort(),
    ).toEqual(['cdktf_gitops_deployment', 'service']);
    const network = attributes(net, 'terraform_data', 'network');
    expect(network.output!.value).toEqual({ env: 'ops', cidr: '10.0.0.0/16' });
    // web's input is net-core's output as applied, read from net-core's schema.
    expect(attributes(web, 'terraform_data', 'service').input!.value).toEqual({ network: network.output!.value });
  });

  it('PostgreSQL truncates identifiers past 63 bytes: why stateLocation refuses longer schema names', async () => {
    // What terraform's pg backend runs (quoted); two 65-byte names that differ only at the end.
    const [a, b] = ['a', 'b'].map((end) => `terraform_remote_state_${'x'.repeat(41)}${end}`);
    expect(a).toHaveLength(65);
    await server().query(`CREATE SCHEMA IF NOT EXISTS "${a}"`);
    await server().query(`CREATE SCHEMA IF NOT EXISTS "${b}"`);
    const created = await server().query(
      "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE '%xxxx%'",
    );
    expect(created).toEqual([a.slice(0, 63)]);
  });

  it('a second run on main reads net-core’s output from pg again and finds nothing to change in ops', async () => {
    // Planned in full: web plans against net-core's output read from pg.
    const json = await runMain(['--full']);
    const ops = json.stages.find((s) => s.environment === 'ops')!;
    expect(ops.stacks!.map((s) => [s.stack, s.status])).toEqual([
      ['net-core', 'no-changes'],
      ['web', 'no-changes'],
      ['audit', 'no-changes'],
    ]);
    // With change detection no stack of ops runs terraform: each state is as its apply left it.
    const detected = await runMain();
    expect(detected.stages.find((s) => s.environment === 'ops')!.stacks!.map((s) => s.status)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
  });
});
