import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  Terraform,
  TerraformError,
  WorkspaceMissingError,
  type CommonOptions,
  type TerraformOptions,
} from '../terraform/index.js';
import type { ReuseInit } from './init-cache.js';
import { initDir } from './init.js';
import { pullState, readLocalStateFile } from './local-state.js';
import { retryRaces } from './races.js';
import { createRunFile, PUSH_FILE, removeStaleRunFiles } from './run-files.js';
import type { StackDir } from './stack-dir.js';
import { selectedIn, selectWorkspace } from './workspace.js';

/** Where an environment's pipeline metadata (history, reviewed plans, drift checks) is kept. */
export interface MetadataTarget {
  /** The stack whose backend the store shares (the environment's first stack for environment-wide keys). */
  readonly stack: StackDir;
  readonly environment: string;
  readonly terraform: Omit<TerraformOptions, 'workingDir' | 'onEvent'>;
  /** The terraform version the pipeline checked; written into the stored state. */
  readonly terraformVersion: string;
  readonly reuseInit?: ReuseInit;
}

/** Directory, inside the stack directory, of the backend-only configuration the store runs in. */
export const METADATA_DIR = '.cdktf-gitops-meta';

/** The side workspace of an environment; `_` never occurs in environment names, so it never collides. */
export function metadataWorkspace(environment: string): string {
  return `${environment}__cdktf-gitops`;
}

/** How often a write is tried again when a concurrent writer pushed between our pull and push. */
const WRITE_ATTEMPTS = 4;

/**
 * Reads one key of an environment's metadata; `undefined` when none was written. Reading never
 * creates the side workspace.
 */
export async function readMetadata(target: MetadataTarget, key: string, opts: CommonOptions = {}): Promise<unknown> {
  // A local backend's side workspace is a file: read it without init, workspace select and pull.
  const local = readLocalStateFile(target.stack, metadataWorkspace(target.environment));
  if (local !== undefined) return decode(outputsOf(local ?? undefined)[key]);
  const tf = await open(target, opts);
  try {
    // Already selected by an earlier run in this directory: no terraform call (as for stages).
    if (!target.reuseInit || selectedIn(dataDirOf(tf, target)) !== metadataWorkspace(target.environment)) {
      await tf.workspaceSelect(metadataWorkspace(target.environment), opts);
    }
  } catch (error) {
    if (error instanceof WorkspaceMissingError) return undefined;
    throw error;
  }
  return decode(outputsOf(await tf.statePull(opts))[key]);
}

/**
 * Writes one key (a JSON-serializable value) of an environment's metadata, keeping the other keys.
 * It lives in the environment's own backend, in a state of its own (a side workspace), so every
 * backend keeps it with its usual locking and no extra infrastructure, and it never expires.
 */
export function writeMetadata(
  target: MetadataTarget,
  key: string,
  value: unknown,
  opts: CommonOptions = {},
): Promise<void> {
  return updateMetadata(target, key, () => value, opts);
}

/**
 * Sets one key to what `update` makes of its current value (`undefined` when unset), keeping the
 * other keys; `update` runs again on the newer value when a concurrent writer pushed first, so an
 * append (the history) never loses another run's entry.
 */
export async function updateMetadata(
  target: MetadataTarget,
  key: string,
  update: (current: unknown) => unknown,
  opts: CommonOptions = {},
): Promise<void> {
  const tf = await open(target, opts);
  const workspace = metadataWorkspace(target.environment);
  const dataDir = target.reuseInit ? (target.reuseInit.dataDir ?? '.terraform') : undefined;
  await retryRaces(() => selectWorkspace(tf, workspace, dataDir, opts), opts);
  const file = createRunFile(tf.workingDir, PUSH_FILE);
  try {
    for (let attempt = 1; ; attempt++) {
      // The push is the arbiter (lock, lineage, serial): a local state file may stand in for the pull.
      const current = await pullState(target.stack, workspace, () => tf.statePull(opts));
      const value = update(decode(outputsOf(current)[key]));
      writeFileSync(file, JSON.stringify(nextState(current, key, value, target.terraformVersion)));
      try {
        await tf.statePush(file, opts);
        return;
      } catch (error) {
        // Another writer pushed the same serial first: read its state and write ours on top.
        if (!(error instanceof TerraformError) || attempt >= WRITE_ATTEMPTS || opts.signal?.aborted) throw error;
      }
    }
  } finally {
    rmSync(file, { force: true });
  }
}

/** The pushed state: the pulled one with `key` set and the serial bumped (a new lineage when there was none). */
export function nextState(
  current: Record<string, unknown> | undefined,
  key: string,
  value: unknown,
  terraformVersion: string,
): Record<string, unknown> {
  const outputs = { ...outputsOf(current), [key]: { value: JSON.stringify(value), type: 'string' } };
  return {
    version: 4,
    terraform_version: terraformVersion,
    serial: (typeof current?.serial === 'number' ? current.serial : 0) + 1,
    lineage: typeof current?.lineage === 'string' ? current.lineage : randomUUID(),
    outputs,
    resources: [],
    check_results: null,
  };
}

/**
 * The state of the stack's own workspace (the environment's), read through the store's directory:
 * its backend only, so no init, workspace select or provider in the stack's directory. The local
 * backend's file is read as it is. `null`: the workspace has no state. Only for a workspace the
 * pipeline applied before: a backend may create one that does not exist (pg does).
 */
export async function readStackState(
  target: MetadataTarget,
  opts: CommonOptions = {},
): Promise<Record<string, unknown> | null> {
  const local = readLocalStateFile(target.stack, target.environment);
  if (local !== undefined) return local;
  const tf = await open(target, opts);
  return (await tf.statePull({ ...opts, workspace: target.environment })) ?? null;
}

/** A runner in the store's directory, initialized (and re-initialized only when the backend changed). */
async function open(target: MetadataTarget, opts: CommonOptions): Promise<Terraform> {
  const dir = path.join(target.stack.dir, METADATA_DIR);
  mkdirSync(dir, { recursive: true });
  removeStaleRunFiles(dir, PUSH_FILE);
  const config = { terraform: { backend: target.stack.backendBlock() } };
  const text = JSON.stringify(config, null, 2);
  if (readOr(path.join(dir, 'cdk.tf.json')) !== text) writeFileSync(path.join(dir, 'cdk.tf.json'), text);
  const tf = new Terraform({ ...target.terraform, workingDir: dir });
  await initDir(tf, target.reuseInit, opts, config);
  return tf;
}

/** The store directory's terraform data dir (where the selected workspace is noted). */
function dataDirOf(tf: Terraform, target: MetadataTarget): string {
  return path.resolve(tf.workingDir, target.reuseInit?.dataDir ?? '.terraform');
}

function outputsOf(state: Record<string, unknown> | undefined): Record<string, unknown> {
  const outputs = state?.outputs;
  return typeof outputs === 'object' && outputs !== null ? (outputs as Record<string, unknown>) : {};
}

function decode(output: unknown): unknown {
  const value = (output as { value?: unknown } | undefined)?.value;
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function readOr(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
