import { mkdirSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Creates the shared provider plugin cache (`TF_PLUGIN_CACHE_DIR` or the pipeline's
 * `pluginCacheDir`) when missing: terraform reports a missing one and then silently does not cache.
 * A relative directory is taken from the project directory (terraform runs in each stack's own).
 * Resolves to the absolute path.
 */
export function ensurePluginCacheDir(dir: string | undefined, projectDir: string): string | undefined {
  if (dir === undefined || dir === '') return undefined;
  const abs = path.resolve(projectDir, dir);
  mkdirSync(abs, { recursive: true });
  return abs;
}
