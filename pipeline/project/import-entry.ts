import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GitopsProject } from '../../stacks/project.js';
import { importBundled, type ImportOptions } from './bundle-entry.js';
import { BUNDLE_CACHE_DIR } from './bundle-cache.js';
import { readEntry } from './load.js';

/** Entry modules already imported into this process' own module graph. */
const imported = new Set<string>();

/** Registers tsx before the first in-process import of a TypeScript entry; set by {@link registerTsxOnDemand}. */
let registerLoader: (() => Promise<void>) | undefined;

/**
 * Makes {@link importProjectInProcess} register tsx's loader (process-wide, once) just before it
 * imports a TypeScript entry module. The compiled CLI calls this at start-up so that tsx loads only
 * when a command needs the project, never for `--help` or a usage error.
 */
export function registerTsxOnDemand(): void {
  let registered: Promise<void> | undefined;
  registerLoader = () => (registered ??= import('tsx/esm/api').then(({ register }) => void register()));
}

/**
 * Imports a project's entry module into the caller's own module graph: `cdktf-gitops`, cdktf and
 * execa are then shared with the running pipeline instead of loaded a second time under tsx's
 * `tsImport` namespace (~0.4 s and ~25 MB per run). A TypeScript entry is bundled to plain
 * JavaScript on every open (`importBundled`: no tsx at all, and an edited entry is never stale);
 * when it cannot be, a registered TypeScript loader (the CLI registers tsx) imports it once.
 * Resolves to `undefined` whenever that is not possible or not wise, and `loadProject` then loads
 * the project itself (and reports any error): on any import error, and for a second tsx import of
 * the same entry (Node caches modules, and a later open must see edited files).
 */
export async function importProjectInProcess(
  projectDir: string,
  opts: ImportOptions = {},
): Promise<GitopsProject | undefined> {
  const entry = entryOf(path.resolve(projectDir));
  if (entry === undefined) return undefined;
  // A fresh bundle on every open: shared packages, plain JavaScript, never a stale main.ts.
  try {
    // The last bundle is kept in the project's cdktf.out (when there is one) for the next open.
    const cacheDir = path.join(path.resolve(projectDir), 'cdktf.out', BUNDLE_CACHE_DIR);
    const bundled = await importBundled(entry, process.env, { cacheDir, ...opts });
    if (bundled) return bundled.project as GitopsProject | undefined;
  } catch {
    return undefined;
  }
  // tsx's loader reads the sources itself: the build record cannot list them.
  opts.recorder?.refuse('the entry was not bundled');
  if (imported.has(entry)) return undefined;
  imported.add(entry);
  try {
    if (registerLoader && /\.[cm]?tsx?$/.test(entry)) await registerLoader();
    opts.beforeImport?.();
    const module = (await import(pathToFileURL(entry).href)) as { project?: GitopsProject };
    return module.project;
  } catch {
    return undefined;
  }
}

/** The entry module `loadProject` would load; undefined when it would fail (it then reports why). */
function entryOf(dir: string): string | undefined {
  try {
    const entry = path.join(dir, readEntry(dir));
    return existsSync(entry) ? entry : undefined;
  } catch {
    return undefined;
  }
}
