import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { installRecord, pipelineBuild, sha1, stateKey, stateOf, statesMatch, type States } from './file-state.js';

// The last bundle of an entry, kept for the next run of the same checkout: esbuild is skipped (≈ 0.05–0.1 s
// of every run, explain and app command) while nothing it read has changed. It is keyed on everything
// that decides the bundle: the exact bytes of every bundled source (hashed as esbuild was given them),
// the modules an import could find in their directories, the tsconfig/jsconfig/package.json files of
// those directories and above, the installed packages (the package manager's record: bare imports of
// CommonJS packages are bundled as their resolved paths), esbuild's version, this pipeline's build, and
// the bundle's settings. A compile cache: a hit is the bundle esbuild would write.

/** The cache's directory under a project's `cdktf.out` (beside the build record). */
export const BUNDLE_CACHE_DIR = 'cdktf-gitops';

/** Bumped whenever the cache's meaning changes: an older one is then ignored. */
const CACHE_FORMAT = 1;

/** What a bundle is reused as. */
export interface CachedBundle {
  readonly code: string;
  readonly sources: readonly string[];
  readonly unresolvedImportMeta: boolean;
}

interface CacheFile extends CachedBundle {
  readonly key: string;
  readonly states: States;
}

/** The files esbuild reads about a directory of sources besides its modules. */
const CONFIG_FILES = ['tsconfig.json', 'jsconfig.json', 'package.json'];

/** Collects what a bundle is keyed on while esbuild builds it. */
export class BundleInputs {
  private readonly states = new Map<string, string>();
  private readonly dirs = new Set<string>();

  /** A bundled source, as the bytes esbuild was given. */
  source(file: string, contents: Buffer): void {
    this.states.set(stateKey('content', file), `file:${sha1(contents)}`);
    this.directory(path.dirname(file));
  }

  /** A bundled source esbuild read itself: its state now. */
  sourceRead(file: string): void {
    const key = stateKey('content', file);
    if (!this.states.has(key)) this.states.set(key, stateOf(file, 'content'));
    this.directory(path.dirname(file));
  }

  /** The states collected, with the install record's. */
  all(projectDir: string): States {
    const install = installRecord(projectDir);
    if (install) this.states.set(stateKey('content', install), stateOf(install, 'content'));
    return Object.fromEntries(this.states);
  }

  private directory(dir: string): void {
    if (this.dirs.has(dir)) return;
    this.dirs.add(dir);
    this.states.set(stateKey('modules', dir), stateOf(dir, 'modules'));
    for (let at = dir; ; at = path.dirname(at)) {
      for (const name of CONFIG_FILES) {
        const file = path.join(at, name);
        const key = stateKey('content', file);
        if (!this.states.has(key)) this.states.set(key, stateOf(file, 'content'));
      }
      if (path.dirname(at) === at) break;
    }
  }
}

/** The cache file of an entry bundled with `settings`, in `cacheDir`. */
function cacheFile(cacheDir: string, entry: string, settings: string): string {
  return path.join(cacheDir, `bundle-${sha1(`${entry}\n${settings}`).slice(0, 16)}.json`);
}

function keyOf(entry: string, settings: string): string {
  const esbuild = (createRequire(import.meta.url)('esbuild/package.json') as { version: string }).version;
  return sha1(JSON.stringify([CACHE_FORMAT, entry, settings, esbuild, pipelineBuild()]));
}

/** The cached bundle of `entry`, when nothing it was built from has changed; undefined otherwise. */
export function readBundleCache(cacheDir: string, entry: string, settings: string): CachedBundle | undefined {
  let cached: CacheFile;
  try {
    cached = JSON.parse(readFileSync(cacheFile(cacheDir, entry, settings), 'utf8')) as CacheFile;
  } catch {
    return undefined;
  }
  if (cached?.key !== keyOf(entry, settings) || typeof cached.code !== 'string' || !cached.states) return undefined;
  // A package manager's record appearing since (or none at all) means the cache cannot tell.
  const install = installRecord(path.dirname(entry));
  if (install === undefined || !(stateKey('content', install) in cached.states)) return undefined;
  if (!statesMatch(cached.states)) return undefined;
  return { code: cached.code, sources: cached.sources, unresolvedImportMeta: cached.unresolvedImportMeta };
}

/** Bundles whose cache directory had no parent yet (a fresh checkout before its first synthesis). */
const pending = new Map<string, () => boolean>();

/**
 * Keeps a bundle for {@link readBundleCache}, only where `cacheDir`'s parent exists (a project's
 * `cdktf.out`: nothing is created for it). Where it does not exist yet, the bundle waits for
 * {@link keepPendingBundles} (called once a synthesis has written `cdktf.out`). Never fails: without
 * a cache esbuild runs next time.
 */
export function writeBundleCache(
  cacheDir: string,
  entry: string,
  settings: string,
  bundle: CachedBundle,
  states: States,
): void {
  const file = cacheFile(cacheDir, entry, settings);
  const keep = (): boolean => {
    try {
      if (installRecord(path.dirname(entry)) === undefined) return true; // nothing to keep it by
      try {
        mkdirSync(cacheDir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      }
      const cached: CacheFile = { key: keyOf(entry, settings), states, ...bundle };
      const staging = `${file}.${process.pid}.tmp`;
      writeFileSync(staging, JSON.stringify(cached));
      renameSync(staging, file); // another run reads the old cache or this one, never half of one
    } catch {
      // A read-only checkout, say.
    }
    return true;
  };
  if (keep()) pending.delete(file);
  else pending.set(file, keep);
}

/** Writes the bundles kept back by {@link writeBundleCache} whose cache directory can now be made. */
export function keepPendingBundles(): void {
  for (const [file, keep] of pending) if (keep()) pending.delete(file);
}
