import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../errors.js';
import type { EnvironmentStackInfo } from '../project/environment-stacks.js';

/**
 * Backends on which a plan may read the state without its lock (`-lock=false`), so a preview or a
 * feature branch's plan never makes an apply wait and needs no lock rights. pg reads a state with one
 * `SELECT data … WHERE name = $1` and writes it with one `INSERT … ON CONFLICT DO UPDATE`
 * (terraform's internal/backend/remote-state/pg/client.go): PostgreSQL's MVCC gives a reader the old
 * row or the new one, never a mix.
 *
 * Not the local backend: terraform rewrites a local state file in place (`Truncate(0)`, then
 * write; internal/states/statemgr/filesystem.go says so in a TODO), and a reader that opens it in
 * between reads an empty file, which terraform takes for "no state": a plan that silently proposes
 * to create everything. s3, gcs and azurerm are not verified here, so they take the lock too.
 */
export const LOCK_FREE_PLAN_BACKENDS: ReadonlySet<string> = new Set(['pg']);

/** The local backend's two paths, absolute. */
export interface LocalBackendPaths {
  /** The default workspace's state file. */
  readonly path: string;
  /** The directory of the other workspaces' state (`<dir>/<workspace>/terraform.tfstate`). */
  readonly workspaceDir: string;
}

/**
 * One synthesized stack directory, its `cdk.tf.json` read once: what every step of a stack's run
 * asks of it (the backend, the local state's location, the fingerprint of what was synthesized).
 */
export class StackDir {
  /** The stack's name within its environment (the environment's own for its only, unnamed stack). */
  readonly name: string;
  /** Whether the environment is made of named stacks (events and results then name the stack). */
  readonly named: boolean;
  /** The directory, absolute. */
  readonly dir: string;
  /** The stacks of the same environment it depends on. */
  readonly dependsOn: readonly string[];
  /** sha256 of the synthesized `cdk.tf.json` (the deployment record is a `-var`, not part of it). */
  readonly fingerprint: string;
  /** The parsed configuration. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The backend type (`local`, `pg`, …) and its settings; undefined when the stack declares none. */
  readonly backend: { readonly type: string; readonly settings: Readonly<Record<string, unknown>> } | undefined;

  private constructor(info: EnvironmentStackInfo, named: boolean, text: Buffer) {
    this.name = info.name;
    this.named = named;
    this.dir = info.dir;
    this.dependsOn = info.dependsOn;
    this.fingerprint = createHash('sha256').update(text).digest('hex');
    this.config = JSON.parse(text.toString('utf8')) as Record<string, unknown>;
    const backend = (this.config.terraform as { backend?: Record<string, Record<string, unknown>> } | undefined)
      ?.backend;
    const [entry] = Object.entries(backend ?? {});
    this.backend = entry ? { type: entry[0], settings: entry[1] } : undefined;
  }

  /** Reads the stack's `cdk.tf.json`; `named`: its environment is made of named stacks. */
  static read(info: EnvironmentStackInfo, named: boolean): StackDir {
    const file = path.join(info.dir, 'cdk.tf.json');
    let text: Buffer;
    try {
      text = readFileSync(file);
    } catch (error) {
      throw new ConfigError(`${file} is missing: synthesize the project first`, { cause: error });
    }
    return new StackDir(info, named, text);
  }

  /** The local backend's paths, absolute; undefined for any other backend. */
  get local(): LocalBackendPaths | undefined {
    if (this.backend?.type !== 'local') return undefined;
    const { path: file, workspace_dir: dir } = this.backend.settings as { path?: string; workspace_dir?: string };
    return {
      path: path.resolve(this.dir, file ?? 'terraform.tfstate'),
      workspaceDir: path.resolve(this.dir, dir ?? 'terraform.tfstate.d'),
    };
  }

  /** A (non-default) workspace's state file on the local backend; undefined for any other backend. */
  localStateFile(workspace: string): string | undefined {
    const local = this.local;
    return local ? path.join(local.workspaceDir, workspace, 'terraform.tfstate') : undefined;
  }

  /** Whether a plan that writes nothing (a preview, a feature branch, a drift check) must take the state lock. */
  get readOnlyPlanLocks(): boolean {
    return this.backend === undefined || !LOCK_FREE_PLAN_BACKENDS.has(this.backend.type);
  }

  /** The backend block for a configuration one directory deeper (the metadata store): local paths absolute. */
  backendBlock(): Record<string, Record<string, unknown>> {
    if (!this.backend) {
      throw new ConfigError(
        `${path.join(this.dir, 'cdk.tf.json')} has no backend: the pipeline's metadata lives there`,
      );
    }
    const local = this.local;
    if (!local) return { [this.backend.type]: { ...this.backend.settings } };
    return { local: { ...this.backend.settings, path: local.path, workspace_dir: local.workspaceDir } };
  }
}
