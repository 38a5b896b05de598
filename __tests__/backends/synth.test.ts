import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BackendConfig } from '../../stacks/backend.js';
import { synthProject } from '../helpers/terraform-project.js';
import { useTempDir } from '../helpers/temp-dir.js';

const dir = useTempDir('cdktf-gitops-synth-', { each: true });

/** The `terraform.backend` block of one synthesized environment. */
async function backendOf(
  backend: BackendConfig,
  env = 'ops',
): Promise<{ stackDir: string; block: Record<string, unknown> }> {
  const { stackDir } = await synthProject({ dir: dir(), backend });
  const json = JSON.parse(fs.readFileSync(path.join(stackDir(env), 'cdk.tf.json'), 'utf8'));
  return { stackDir: stackDir(env), block: json.terraform.backend };
}

describe('backend synthesis', () => {
  it.each<[string, BackendConfig, Record<string, unknown>]>([
    [
      'pg without a connection string (PG_CONN_STR supplies it)',
      { type: 'pg' },
      { pg: { schema_name: 'terraform_remote_state' } },
    ],
    [
      'pg with schema and connection string',
      { type: 'pg', schemaName: 'infra', connStr: 'postgres://h/db' },
      { pg: { schema_name: 'infra', conn_str: 'postgres://h/db' } },
    ],
    [
      's3 minimal',
      { type: 's3', bucket: 'b', key: 'k/terraform.tfstate', region: 'eu-west-1' },
      { s3: { bucket: 'b', key: 'k/terraform.tfstate', region: 'eu-west-1' } },
    ],
    [
      's3 with lock table, lock file and workspace prefix',
      {
        type: 's3',
        bucket: 'b',
        key: 'k',
        region: 'us-east-1',
        dynamodbTable: 'locks',
        useLockfile: true,
        workspaceKeyPrefix: 'envs',
      },
      {
        s3: {
          bucket: 'b',
          key: 'k',
          region: 'us-east-1',
          dynamodb_table: 'locks',
          use_lockfile: true,
          workspace_key_prefix: 'envs',
        },
      },
    ],
    ['gcs', { type: 'gcs', bucket: 'b', prefix: 'cdktf' }, { gcs: { bucket: 'b', prefix: 'cdktf' } }],
    [
      'azurerm',
      {
        type: 'azurerm',
        resourceGroupName: 'rg',
        storageAccountName: 'sa',
        containerName: 'tfstate',
        key: 'cdktf.tfstate',
      },
      {
        azurerm: {
          resource_group_name: 'rg',
          storage_account_name: 'sa',
          container_name: 'tfstate',
          key: 'cdktf.tfstate',
        },
      },
    ],
  ])('%s', async (_name, backend, expected) => {
    const { block } = await backendOf(backend);
    expect(block).toEqual(expected);
  });

  it.each<[string, BackendConfig, string]>([
    ['default state dir', { type: 'local' }, '.terraform-state'],
    ['custom state dir', { type: 'local', stateDir: 'state/envs' }, 'state/envs'],
  ])(
    'local backend with %s: relative paths, outside cdktf.out, same for every environment',
    async (_name, backend, stateDir) => {
      for (const env of ['ops', 'apps']) {
        const { stackDir, block } = await backendOf(backend, env);
        const local = block.local as { path: string; workspace_dir: string };
        expect(Object.keys(block)).toEqual(['local']);
        expect(path.isAbsolute(local.path) || path.isAbsolute(local.workspace_dir)).toBe(false);
        expect(path.resolve(stackDir, local.path)).toBe(path.join(dir(), stateDir, 'default.tfstate'));
        expect(path.resolve(stackDir, local.workspace_dir)).toBe(path.join(dir(), stateDir, 'workspaces'));
        expect(path.resolve(stackDir, local.workspace_dir).startsWith(path.join(dir(), 'cdktf.out'))).toBe(false);
      }
    },
  );
});
