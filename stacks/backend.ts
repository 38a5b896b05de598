import * as path from 'node:path';
import { cdktfLibrary, type CdkLibrary, type StackLike } from './cdk-library.js';

/** Terraform's local backend, one workspace per environment, state kept outside `cdktf.out`. */
export interface LocalBackendConfig {
  readonly type: 'local';
  /**
   * Directory for the workspaces' state, relative to the directory holding `cdktf.out`
   * (the project). Default `.terraform-state`.
   */
  readonly stateDir?: string;
}

/** Terraform's `pg` backend. The connection string comes from `PG_CONN_STR` unless set here. */
export interface PgBackendConfig {
  readonly type: 'pg';
  /** Schema holding the states; default `terraform_remote_state`. */
  readonly schemaName?: string;
  /** Connection string. Leave unset and export `PG_CONN_STR` so no secret is committed. */
  readonly connStr?: string;
}

/** Terraform's `s3` backend (state locking through `use_lockfile` or a DynamoDB table). */
export interface S3BackendConfig {
  readonly type: 's3';
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  readonly dynamodbTable?: string;
  readonly useLockfile?: boolean;
  readonly workspaceKeyPrefix?: string;
}

/** Terraform's `gcs` backend. */
export interface GcsBackendConfig {
  readonly type: 'gcs';
  readonly bucket: string;
  readonly prefix?: string;
}

/** Terraform's `azurerm` backend. */
export interface AzurermBackendConfig {
  readonly type: 'azurerm';
  readonly resourceGroupName: string;
  readonly storageAccountName: string;
  readonly containerName: string;
  readonly key: string;
}

/** Where every environment's workspace state lives: one backend for all environments. */
export type BackendConfig =
  | LocalBackendConfig
  | PgBackendConfig
  | S3BackendConfig
  | GcsBackendConfig
  | AzurermBackendConfig;

/** The embedded default. */
export const DEFAULT_BACKEND: LocalBackendConfig = { type: 'local' };

/** Default directory of the local backend's state, relative to the project. */
export const DEFAULT_STATE_DIR = '.terraform-state';

/** The backend classes {@link addBackend} uses. */
export type BackendLibrary = Pick<
  CdkLibrary,
  'LocalBackend' | 'PgBackend' | 'S3Backend' | 'GcsBackend' | 'AzurermBackend'
>;

/**
 * Configures `stack`'s backend; all environments share it and differ only by workspace. `cdk` is the
 * stack's library (default cdktf; `cdktf-gitops/cdktn` passes cdktn).
 */
export function addBackend(
  stack: StackLike,
  config: BackendConfig,
  outdir: string,
  cdk: BackendLibrary = cdktfLibrary(),
): void {
  const { AzurermBackend, GcsBackend, LocalBackend, PgBackend, S3Backend } = cdk;
  switch (config.type) {
    case 'local': {
      // Paths are relative to the stack directory terraform runs in, so a moved checkout still works.
      const stackDir = path.join(path.resolve(outdir), 'stacks', stack.node.id);
      const stateDir = path.resolve(path.dirname(path.resolve(outdir)), config.stateDir ?? DEFAULT_STATE_DIR);
      const rel = path.relative(stackDir, stateDir) || '.';
      new LocalBackend(stack, {
        path: path.posix.join(toPosix(rel), 'default.tfstate'),
        workspaceDir: path.posix.join(toPosix(rel), 'workspaces'),
      });
      return;
    }
    case 'pg':
      // cdktf types conn_str as required; terraform itself falls back to PG_CONN_STR.
      new PgBackend(stack, {
        schemaName: config.schemaName ?? 'terraform_remote_state',
        ...(config.connStr ? { connStr: config.connStr } : {}),
      } as ConstructorParameters<BackendLibrary['PgBackend']>[1]);
      return;
    case 's3':
      new S3Backend(stack, {
        bucket: config.bucket,
        key: config.key,
        region: config.region,
        ...(config.dynamodbTable ? { dynamodbTable: config.dynamodbTable } : {}),
        ...(config.workspaceKeyPrefix ? { workspaceKeyPrefix: config.workspaceKeyPrefix } : {}),
      });
      // cdktf 0.21 predates S3's native lock file, so it is a raw override (the same JSON for cdktn).
      if (config.useLockfile !== undefined) stack.addOverride('terraform.backend.s3.use_lockfile', config.useLockfile);
      return;
    case 'gcs':
      new GcsBackend(stack, { bucket: config.bucket, ...(config.prefix ? { prefix: config.prefix } : {}) });
      return;
    case 'azurerm':
      new AzurermBackend(stack, {
        resourceGroupName: config.resourceGroupName,
        storageAccountName: config.storageAccountName,
        containerName: config.containerName,
        key: config.key,
      });
      return;
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join(path.posix.sep);
}
