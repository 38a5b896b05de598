import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Construct } from 'constructs';
import { ConfigError } from '../errors.js';
import type { LoadedProject } from './load.js';
import { environmentStacks, type EnvironmentStackInfo } from './environment-stacks.js';
import { applyCdkPatches } from './cdk-patches.js';
import { prepareStateBackupDirs } from './state-backup-dirs.js';

/** Where each environment's stacks were synthesized. */
export interface SynthResult {
  /**
   * Environment name → absolute directory of its first stack (`cdktf.out/stacks/<env>` for a
   * one-stack environment): where its environment-wide metadata (drift checks) is kept.
   */
  readonly stackDirs: Readonly<Record<string, string>>;
  /** Environment name → its stacks, in the order the project added them, with their dependencies. */
  readonly stacks: Readonly<Record<string, readonly EnvironmentStackInfo[]>>;
  /** Wall time of the synthesis. */
  readonly durationMs: number;
}

/**
 * Synthesizes every stack once, in-process, with every construct validation on (users' own
 * included); with the CDK patches (cdk-patches.ts) cdktf's `terraform version` check runs once
 * instead of once per resource, and not at all when `terraformVersion` (the version of the binary
 * the pipeline runs) satisfies it, and tokens' creation stacks are formatted only when read. Each
 * local-backend stack directory gets the directory terraform's state commands write their backups to.
 */
export function synthesize(loaded: LoadedProject, opts: SynthOptions = {}): SynthResult {
  return synthesizeIf(loaded, () => true, opts)!;
}

/** Options of {@link synthesize}. */
export interface SynthOptions {
  /** The version of the terraform the pipeline runs, if known: cdktf's checks it satisfies run nothing. */
  readonly terraformVersion?: string;
  /** The binary the pipeline runs: cdktf's terraform checks ask it. */
  readonly terraformBinary?: string;
  /** `false`: the CDK library runs as written, unpatched (cdk-patches.ts; default true). */
  readonly cdkPatches?: boolean;
}

/**
 * {@link synthesize}, once the app is built, only if `needed(app)` says so; otherwise nothing is
 * written and the result is undefined (`explain` needs a synthesis only for named stacks, whose
 * dependencies cross-stack references register while synthesizing).
 */
export function synthesizeIf(
  loaded: LoadedProject,
  needed: (app: Construct) => boolean,
  opts: SynthOptions = {},
): SynthResult | undefined {
  const started = performance.now();
  // Synthesize into a staging directory, then rename each file into place: a terraform of another
  // run in this checkout reads the old or the new cdk.tf.json, never a half-written one.
  const staging = path.join(loaded.outdir, `.staging-${process.pid}-${randomUUID().slice(0, 8)}`);
  const outdirExisted = existsSync(loaded.outdir);
  let app: ReturnType<LoadedProject['project']['createApp']> | undefined;
  let synthesized = false;
  try {
    mkdirSync(staging, { recursive: true });
    const from = [loaded.entry, fileURLToPath(import.meta.url)];
    const restore =
      opts.cdkPatches === false
        ? () => undefined
        : applyCdkPatches(from, { terraformVersion: opts.terraformVersion, binary: opts.terraformBinary });
    try {
      app = loaded.project.createApp({ outdir: staging, finalOutdir: loaded.outdir });
      if (needed(app)) {
        app.synth();
        synthesized = true;
      }
    } finally {
      restore();
    }
    if (!synthesized) return undefined;
    moveInto(staging, loaded.outdir);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const message = `synthesis of ${loaded.entry} failed: ${synthErrorMessage(error)}`;
    // The machine's condition (a full disk, a permission), not the project's configuration: exit 1.
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code))
      throw Object.assign(new Error(message, { cause: error }), { code });
    throw new ConfigError(message, { cause: error });
  } finally {
    rmSync(staging, { recursive: true, force: true });
    // Nothing synthesized: no cdktf.out left behind either (unless another run has filled it meanwhile).
    if (!synthesized && !outdirExisted) removeIfEmpty(loaded.outdir);
  }
  const stacks = environmentStacks(app!, loaded.project.environments, loaded.outdir);
  prepareStateBackupDirs(stacks);
  const stackDirs = Object.fromEntries(Object.entries(stacks).map(([env, list]) => [env, list[0]!.dir]));
  return { stackDirs, stacks, durationMs: performance.now() - started };
}

/** cdktf's validation error without its advice to turn validations off, which the project cannot act on here. */
export function synthErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/\n+\s*If you wish to ignore these validations[^\n]*\n?/, '')
    .replace(/\n+\s*To skip validations[^\n]*\n?/, '')
    .trimEnd();
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty (another run's files), or gone already.
  }
}

/** Renames every file under `from` to the same place under `to` (atomic per file on one filesystem). */
function moveInto(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      mkdirSync(dst, { recursive: true });
      moveInto(src, dst);
    } else {
      renameSync(src, dst);
    }
  }
}
