import * as path from 'node:path';
import { cdktfLibrary, type CdkLibrary, type StackLike } from './cdk-library.js';
import { EnvironmentConfigError } from './environments/errors.js';
import { closestName } from './options/closest-name.js';
import { rejectUnknownKeys, UnknownOptionError, type KeyList } from './options/unknown-keys.js';

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

/**
 * The settings each backend type takes; any other key, or another type, is an error (an option is
 * added here and in its type above).
 */
export const BACKEND_KEYS: { readonly [T in BackendConfig['type']]: KeyList<Extract<BackendConfig, { type: T }>> } = {
  local: { type: true, stateDir: true },
  pg: { type: true, schemaName: true, connStr: true },
  s3: {
    type: true,
    bucket: true,
    key: true,
    region: true,
    dynamodbTable: true,
    useLockfile: true,
    workspaceKeyPrefix: true,
  },
  gcs: { type: true, bucket: true, prefix: true },
  azurerm: { type: true, resourceGroupName: true, storageAccountName: true, containerName: true, key: true },
};

/**
 * Checks backend settings written without a type check (`main.ts` is bundled as is): throws an
 * `UnknownOptionError` for an unknown `type` or a key that type does not take.
 */
export function validateBackendConfig(config: BackendConfig): void {
  const type: unknown = (config as { type?: unknown } | undefined)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(BACKEND_KEYS, type)) {
    const types = Object.keys(BACKEND_KEYS);
    const closest = typeof type === 'string' ? closestName(type, types) : undefined;
    const hint = closest !== undefined ? `did you mean ${closest}?` : `known types: ${types.join(', ')}`;
    throw new UnknownOptionError([`unknown backend type '${String(type)}'; ${hint}`]);
  }
  rejectUnknownKeys(config, BACKEND_KEYS[config.type], `backend '${config.type}'`);
}

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
 * stack's library (default cdktf; `cdktf-gitops/cdktn` passes cdktn). Throws an `UnknownOptionError`
 * for settings `config`'s type does not take ({@link validateBackendConfig}).
 *
 * `stackName` is the stack's name within its environment when the environment has several stacks:
 * each then keeps its own state in the environment's workspace, at a location of its own
 * ({@link stateLocation}). Without it the state is where a one-stack environment has always kept it.
 */
export function addBackend(
  stack: StackLike,
  config: BackendConfig,
  outdir: string,
  cdk: BackendLibrary = cdktfLibrary(),
  stackName?: string,
): void {
  const { AzurermBackend, GcsBackend, LocalBackend, PgBackend, S3Backend } = cdk;
  validateBackendConfig(config);
  config = stateLocation(config, stackName);
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

/**
 * Where a named stack's state lives in `config`'s backend, as that backend's own settings: a state
 * directory, key, prefix or schema of its own per stack name, so the stacks of one environment
 * share its workspace name but never a state. An unnamed stack keeps `config` as it is (round-1
 * projects find their state where it was).
 *
 * | backend | one-stack environment | stack `<s>` of an environment |
 * |---|---|---|
 * | local | `<stateDir>/workspaces/<env>/…` | `<stateDir>/stacks/<s>/workspaces/<env>/…` (`…`: `terraform.tfstate`) |
 * | pg | schema `<schema>`, row `<env>` | schema `<schema>_<s>` (dashes as `_`), row `<env>` |
 * | s3 | `<prefix>/<env>/<key>` | `<prefix>/<env>/<s>/<key>` |
 * | gcs | `<prefix>/<env>.tfstate` | `<prefix>/<s>/<env>.tfstate` |
 * | azurerm | `<key>env:<env>` | `<s>/<key>env:<env>` |
 */
export function stateLocation(config: BackendConfig, stackName: string | undefined): BackendConfig {
  if (stackName === undefined) return config;
  switch (config.type) {
    case 'local':
      return { ...config, stateDir: path.posix.join(config.stateDir ?? DEFAULT_STATE_DIR, 'stacks', stackName) };
    case 'pg':
      return { ...config, schemaName: pgStackSchema(config.schemaName ?? 'terraform_remote_state', stackName) };
    case 's3':
      return { ...config, key: keyUnder(stackName, config.key) };
    case 'gcs':
      return { ...config, prefix: config.prefix ? `${config.prefix.replace(/\/+$/, '')}/${stackName}` : stackName };
    case 'azurerm':
      return { ...config, key: keyUnder(stackName, config.key) };
  }
}

/** PostgreSQL's longest identifier in bytes; it truncates longer ones (even quoted), so two names could become one. */
export const PG_MAX_IDENTIFIER_BYTES = 63;

/**
 * The pg schema of stack `stackName`: `<schema>_<stack>`, dashes as `_` (stack names have no
 * underscores, so this stays unique). Throws an {@link EnvironmentConfigError} when it is longer than
 * PostgreSQL keeps: truncated, two stacks' schemas could be one, and so could their states.
 */
function pgStackSchema(schema: string, stackName: string): string {
  const name = `${schema}_${stackName.replace(/-/g, '_')}`;
  if (Buffer.byteLength(name, 'utf8') <= PG_MAX_IDENTIFIER_BYTES) return name;
  throw new EnvironmentConfigError([
    `stack "${stackName}": its pg schema "${name}" is longer than PostgreSQL's ${PG_MAX_IDENTIFIER_BYTES}-byte ` +
      'identifiers, which PostgreSQL truncates (two stacks could then share a state): ' +
      'use a shorter stack or schema name',
  ]);
}

/** `key` one level down, under `stackName` (keeping any directory part of `key` in front). */
function keyUnder(stackName: string, key: string): string {
  const dir = path.posix.dirname(key);
  return dir === '.' ? `${stackName}/${key}` : `${dir}/${stackName}/${path.posix.basename(key)}`;
}

function toPosix(p: string): string {
  return p.split(path.sep).join(path.posix.sep);
}
