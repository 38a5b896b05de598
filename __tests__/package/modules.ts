import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { CliResult } from '../helpers/cli.js';
import { withTempDir } from '../helpers/temp-dir.js';

const PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'record-modules.cjs');

/** What a node process ran and loaded. */
export interface RecordedRun extends CliResult {
  /** Every module file or URL the process loaded (ES and CommonJS). */
  readonly modules: readonly string[];
}

/** Runs `node <script> ...args` with a preload that records every module the process loads. */
export async function runRecordingModules(
  script: string,
  args: readonly string[],
  opts: { cwd: string; env?: Record<string, string> },
): Promise<RecordedRun> {
  return withTempDir('cdktf-gitops-modules-', async (dir) => {
    const file = path.join(dir, 'modules.txt');
    const r = await execa(process.execPath, ['--require', PRELOAD, script, ...args], {
      cwd: opts.cwd,
      env: { ...opts.env, RECORD_MODULES_FILE: file, NO_COLOR: '1' },
      reject: false,
      stdin: 'ignore',
    });
    const modules = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr, modules };
  });
}

/** Libraries `--help` and usage errors must not load (`tsx` is allowed only when running from sources). */
export const HEAVY = [
  '/node_modules/cdktf/',
  '/node_modules/execa/',
  '/node_modules/cli-table3/',
  '/node_modules/picocolors/',
  '/node_modules/@cdktf/',
];

/**
 * The loaded modules that match one of `patterns`, or that run terraform (the runner's modules but
 * its errors and `binary`, the dependency-free lookup that names terraform or tofu in signal messages).
 * A bundled file of dist/ counts as the sources its source map names (execa is bundled in): a
 * chunk holding execa or the runner is heavy even though no file under node_modules/execa loads.
 */
export function heavyModules(modules: readonly string[], patterns: readonly string[]): string[] {
  const runner = /\/pipeline\/terraform\/(?!errors\.|types\.|binary\.)[a-z-]+\.(js|ts)$/;
  const heavy = (m: string) => patterns.some((p) => m.includes(p)) || runner.test(m);
  return [...new Set(modules.flatMap((m) => [m, ...bundledSources(m)]).filter(heavy))];
}

/** The sources a bundled file of dist/ was built from (its source map's), as absolute paths; none for other files. */
export function bundledSources(module: string): string[] {
  const file = module.startsWith('file:') ? fileURLToPath(module) : module;
  if (!/[\\/]dist[\\/].*\.js$/.test(file) || !existsSync(`${file}.map`)) return [];
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
  return map.sources.map((source) => path.resolve(path.dirname(file), source));
}
