import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, DataResource } from 'cdktf';
import { PG_MAX_IDENTIFIER_BYTES, stateLocation, type BackendConfig } from '../../stacks/backend.js';
import { EnvironmentStack } from '../../stacks/environment-stack.js';
import { DEPLOYMENT_RECORD_NAME } from '../../stacks/deployment-record.js';
import { EnvironmentConfigError } from '../../stacks/environments/errors.js';
import { runTerraform } from '../helpers/terraform-project.js';
import { useTempDir } from '../helpers/temp-dir.js';

// Where each named stack of an environment keeps its state, per backend: the settings stateLocation
// derives, and what lands in the synthesized `terraform.backend` blocks and cross-stack remote states.

const pg: BackendConfig = { type: 'pg', schemaName: 'infra', connStr: 'postgres://h/db' };
const s3: BackendConfig = { type: 's3', bucket: 'b', key: 'terraform.tfstate', region: 'eu-west-1' };
const gcs: BackendConfig = { type: 'gcs', bucket: 'b', prefix: 'cdktf' };
const azurerm: BackendConfig = {
  type: 'azurerm',
  resourceGroupName: 'rg',
  storageAccountName: 'sa',
  containerName: 'tfstate',
  key: 'cdktf.tfstate',
};

describe('stateLocation', () => {
  it.each<[string, BackendConfig]>([
    ['local', { type: 'local' }],
    ['pg', pg],
    ['s3', s3],
    ['gcs', gcs],
    ['azurerm', azurerm],
  ])('leaves an unnamed stack’s %s settings as they are (round-1 state stays put)', (_name, config) => {
    expect(stateLocation(config, undefined)).toBe(config);
  });

  it.each<[string, BackendConfig, string, BackendConfig]>([
    [
      'local, default state dir',
      { type: 'local' },
      'platform',
      { type: 'local', stateDir: '.terraform-state/stacks/platform' },
    ],
    [
      'local, own state dir',
      { type: 'local', stateDir: 'state/envs' },
      'a',
      { type: 'local', stateDir: 'state/envs/stacks/a' },
    ],
    ['pg, default schema', { type: 'pg' }, 'platform', { type: 'pg', schemaName: 'terraform_remote_state_platform' }],
    ['pg, own schema, dashes as _', pg, 'web-api', { ...pg, schemaName: 'infra_web_api' }],
    ['s3, plain key', s3, 'platform', { ...s3, key: 'platform/terraform.tfstate' }],
    ['s3, key in a directory', { ...s3, key: 'k/x/terraform.tfstate' }, 'a', { ...s3, key: 'k/x/a/terraform.tfstate' }],
    ['gcs, prefix', gcs, 'platform', { ...gcs, prefix: 'cdktf/platform' }],
    ['gcs, prefix with a trailing slash', { ...gcs, prefix: 'cdktf/' }, 'a', { ...gcs, prefix: 'cdktf/a' }],
    ['gcs, no prefix', { type: 'gcs', bucket: 'b' }, 'a', { type: 'gcs', bucket: 'b', prefix: 'a' }],
    ['azurerm, plain key', azurerm, 'platform', { ...azurerm, key: 'platform/cdktf.tfstate' }],
    [
      'azurerm, key in a directory',
      { ...azurerm, key: 'd/cdktf.tfstate' },
      'a',
      { ...azurerm, key: 'd/a/cdktf.tfstate' },
    ],
  ])('%s', (_name, config, stack, expected) => {
    expect(stateLocation(config, stack)).toEqual(expected);
  });

  it.each<[string, BackendConfig]>([
    ['local', { type: 'local' }],
    ['pg', pg],
    ['s3', s3],
    ['gcs', gcs],
    ['azurerm', azurerm],
  ])('%s: every stack name gets a location of its own, none the unnamed stack’s', (_name, config) => {
    const names = ['a', 'b', 'platform', 'services', 'web-api', 'web'];
    const locations = [undefined, ...names].map((s) => JSON.stringify(stateLocation(config, s)));
    expect(new Set(locations).size).toBe(names.length + 1);
  });

  it('refuses a pg schema PostgreSQL would truncate (two stacks could share it), naming stack and schema', () => {
    const long = `s${'x'.repeat(62)}`; // a valid stack name of 63 characters
    expect(() => stateLocation({ type: 'pg' }, long)).toThrow(EnvironmentConfigError);
    expect(() => stateLocation({ type: 'pg' }, long)).toThrow(
      `stack "${long}": its pg schema "terraform_remote_state_${long}" is longer than PostgreSQL's 63-byte identifiers`,
    );
    // The longest that fits: `terraform_remote_state_` is 23 bytes.
    const fits = `s${'x'.repeat(PG_MAX_IDENTIFIER_BYTES - 24)}`;
    expect((stateLocation({ type: 'pg' }, fits) as { schemaName: string }).schemaName).toHaveLength(63);
  });
});

/** The parts of a synthesized stack these tests read. */
interface StackJson {
  terraform: { backend: Record<string, Record<string, unknown>> };
  data: { terraform_remote_state: Record<string, { backend: string; workspace: string; config: unknown }> };
}

/** A synthesized app: ops of named stacks a, b (reading a's output) and web-api; apps one unnamed stack. */
function synthNamed(dir: string, backend: BackendConfig): (id: string) => StackJson {
  const outdir = path.join(dir, 'cdktf.out');
  const app = new App({ outdir, skipValidation: true });
  const a = new EnvironmentStack(app, 'ops', { backend, stack: 'a' });
  const value = new DataResource(a, 'value', { input: { text: 'from a' } });
  const b = new EnvironmentStack(app, 'ops', { backend, stack: 'b' });
  new DataResource(b, 'copy', { input: { copied: value.output } });
  new EnvironmentStack(app, 'ops', { backend, stack: 'web-api' });
  new EnvironmentStack(app, 'apps', { backend });
  app.synth();
  return (id) => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'));
}

describe('synthesized backends of named stacks', () => {
  const dir = useTempDir('cdktf-gitops-state-location-', { each: true });

  it.each<[string, BackendConfig, Record<string, Record<string, unknown>>]>([
    [
      'pg',
      pg,
      {
        apps: { pg: { schema_name: 'infra', conn_str: 'postgres://h/db' } },
        'ops-a': { pg: { schema_name: 'infra_a', conn_str: 'postgres://h/db' } },
        'ops-b': { pg: { schema_name: 'infra_b', conn_str: 'postgres://h/db' } },
        'ops-web-api': { pg: { schema_name: 'infra_web_api', conn_str: 'postgres://h/db' } },
      },
    ],
    [
      's3',
      s3,
      {
        apps: { s3: { bucket: 'b', key: 'terraform.tfstate', region: 'eu-west-1' } },
        'ops-a': { s3: { bucket: 'b', key: 'a/terraform.tfstate', region: 'eu-west-1' } },
        'ops-b': { s3: { bucket: 'b', key: 'b/terraform.tfstate', region: 'eu-west-1' } },
        'ops-web-api': { s3: { bucket: 'b', key: 'web-api/terraform.tfstate', region: 'eu-west-1' } },
      },
    ],
    [
      'gcs',
      gcs,
      {
        apps: { gcs: { bucket: 'b', prefix: 'cdktf' } },
        'ops-a': { gcs: { bucket: 'b', prefix: 'cdktf/a' } },
        'ops-b': { gcs: { bucket: 'b', prefix: 'cdktf/b' } },
        'ops-web-api': { gcs: { bucket: 'b', prefix: 'cdktf/web-api' } },
      },
    ],
    [
      'azurerm',
      azurerm,
      Object.fromEntries(
        [
          ['apps', 'cdktf.tfstate'],
          ['ops-a', 'a/cdktf.tfstate'],
          ['ops-b', 'b/cdktf.tfstate'],
          ['ops-web-api', 'web-api/cdktf.tfstate'],
        ].map(([id, key]) => [
          id,
          { azurerm: { resource_group_name: 'rg', storage_account_name: 'sa', container_name: 'tfstate', key } },
        ]),
      ),
    ],
  ])('%s: each named stack its own location, the unnamed one unchanged', (_name, backend, expected) => {
    const stack = synthNamed(dir(), backend);
    for (const [id, block] of Object.entries(expected)) expect(stack(id).terraform.backend).toEqual(block);
  });

  it('local: each named stack its own directory under the state dir, the unnamed one unchanged', () => {
    const stack = synthNamed(dir(), { type: 'local' });
    const stateOf = (id: string) => {
      const local = stack(id).terraform.backend.local as { path: string; workspace_dir: string };
      const stackDir = path.join(dir(), 'cdktf.out', 'stacks', id);
      return [path.resolve(stackDir, local.path), path.resolve(stackDir, local.workspace_dir)];
    };
    const state = path.join(dir(), '.terraform-state');
    expect(stateOf('apps')).toEqual([path.join(state, 'default.tfstate'), path.join(state, 'workspaces')]);
    for (const s of ['a', 'b', 'web-api']) {
      expect(stateOf(`ops-${s}`)).toEqual([
        path.join(state, 'stacks', s, 'default.tfstate'),
        path.join(state, 'stacks', s, 'workspaces'),
      ]);
    }
  });

  it.each<[string, BackendConfig]>([
    ['local', { type: 'local' }],
    ['pg', pg],
    ['s3', s3],
    ['gcs', gcs],
    ['azurerm', azurerm],
  ])('%s: the cross-stack remote state reads a’s state where a keeps it, in the same workspace', (type, backend) => {
    const stack = synthNamed(dir(), backend);
    const remote = stack('ops-b').data.terraform_remote_state['cross-stack-reference-input-ops-a'];
    expect(remote.backend).toBe(type);
    expect(remote.workspace).toBe(`\${terraform.workspace}`);
    expect(remote.config).toEqual(stack('ops-a').terraform.backend[type]);
    expect(stack('ops-b').terraform.backend[type]).not.toEqual(remote.config);
  });
});

describe('named stacks on the local backend (real terraform)', () => {
  const dir = useTempDir('cdktf-gitops-state-location-real-');
  const AUTOMATION = ['-input=false', '-no-color'];
  const RECORD = JSON.stringify({ version: 1, commit: 'a'.repeat(40), ref: 'refs/heads/main', trigger: 'main' });

  async function tf(id: string, args: string[]): Promise<string> {
    const r = await runTerraform(path.join(dir(), 'cdktf.out', 'stacks', id), args);
    if (r.exitCode !== 0) throw new Error(`terraform ${args.join(' ')} in ${id}: exit ${r.exitCode}\n${r.stderr}`);
    return r.stdout;
  }

  it('applies a then b in workspace ops: each state in its own file of the table, b reading a’s output', async () => {
    synthNamed(dir(), { type: 'local' });
    // a first: b's remote state needs a's state to exist.
    for (const id of ['ops-a', 'ops-b']) {
      await tf(id, ['init', ...AUTOMATION]);
      await tf(id, ['workspace', 'select', '-or-create', 'ops']);
      await tf(id, ['apply', ...AUTOMATION, '-auto-approve', '-var', `${DEPLOYMENT_RECORD_NAME}=${RECORD}`]);
    }
    const stateFile = (s: string) =>
      path.join(dir(), '.terraform-state', 'stacks', s, 'workspaces', 'ops', 'terraform.tfstate');
    const read = (s: string) =>
      JSON.parse(fs.readFileSync(stateFile(s), 'utf8')) as {
        resources: { name: string; instances: { attributes: Record<string, { value: unknown }> }[] }[];
      };
    const attributes = (s: string, name: string) =>
      read(s).resources.find((r) => r.name === name)!.instances[0]!.attributes;
    expect(attributes('a', 'value').output!.value).toEqual({ text: 'from a' });
    expect(attributes('b', 'copy').input!.value).toEqual({ copied: { text: 'from a' } });
    expect(read('a').resources.map((r) => r.name)).not.toContain('copy');
    // Nothing in the unnamed stack's place.
    expect(fs.existsSync(path.join(dir(), '.terraform-state', 'workspaces', 'ops'))).toBe(false);
  });
});
