import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../errors.js';
import type { LoadedProject } from './load.js';

/** Where each environment's stack was synthesized. */
export interface SynthResult {
  /** Environment name → absolute stack directory (`cdktf.out/stacks/<env>`). */
  readonly stackDirs: Readonly<Record<string, string>>;
  /** Wall time of the synthesis. */
  readonly durationMs: number;
}

/**
 * Synthesizes every stack once, in-process. cdktf's per-resource validation is skipped: it runs
 * `terraform version` once per `terraform_data` resource, and the pipeline checks the version itself.
 */
export function synthesize(loaded: LoadedProject): SynthResult {
  const started = performance.now();
  let app;
  try {
    app = loaded.project.createApp({ outdir: loaded.outdir, skipValidation: true });
    app.synth();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`synthesis of ${loaded.entry} failed: ${(error as Error).message}`, { cause: error });
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
