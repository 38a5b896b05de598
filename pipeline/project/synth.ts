import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';
import type { LoadedProject } from './load.js';
import { withVersionChecksOnce } from './version-checks.js';

/** Where each environment's stack was synthesized. */
export interface SynthResult {
  /** Environment name → absolute stack directory (`cdktf.out/stacks/<env>`). */
  readonly stackDirs: Readonly<Record<string, string>>;
  /** Wall time of the synthesis. */
  readonly durationMs: number;
}

/**
 * Synthesizes every stack once, in-process, with every construct validation on (users' own
 * included); cdktf's `terraform version` check runs once instead of once per resource, and not
 * at all when `terraformVersion` (already checked by the caller) satisfies it.
 */
export function synthesize(
  loaded: LoadedProject,
  opts: { terraformVersion?: string; terraformBinary?: string } = {},
): SynthResult {
  const started = performance.now();
  // Synthesize into a staging directory, then rename each file into place: a terraform of another
  // run in this checkout reads the old or the new cdk.tf.json, never a half-written one.
  const staging = path.join(loaded.outdir, `.staging-${process.pid}-${randomUUID().slice(0, 8)}`);
  try {
    mkdirSync(staging, { recursive: true });
    withVersionChecksOnce(
      [loaded.entry, fileURLToPath(import.meta.url)],
      () => loaded.project.createApp({ outdir: staging, finalOutdir: loaded.outdir }).synth(),
      opts.terraformVersion,
      opts.terraformBinary,
    );
    moveInto(staging, loaded.outdir);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`synthesis of ${loaded.entry} failed: ${synthErrorMessage(error)}`, { cause: error });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const stackDirs: Record<string, string> = {};
  for (const env of loaded.project.environments) {
    const dir = path.join(loaded.outdir, 'stacks', env);
    if (!existsSync(path.join(dir, 'cdk.tf.json'))) {
      throw new ConfigError(`environment '${env}' has no stack: createApp must add a stack named '${env}'`);
    }
    stackDirs[env] = dir;
  }
  return { stackDirs, durationMs: performance.now() - started };
}

/** cdktf's validation error without its advice to turn validations off, which the project cannot act on here. */
export function synthErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/\n+\s*If you wish to ignore these validations[^\n]*\n?/, '')
    .replace(/\n+\s*To skip validations[^\n]*\n?/, '')
    .trimEnd();
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
