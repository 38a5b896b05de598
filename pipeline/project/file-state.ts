import { createHash } from 'node:crypto';
import fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// What a path holds, as a short string that changes when it does: what the build record (what
// `explain` may answer from) and the entry bundle's cache (what a run may reuse) are keyed on.

// The originals, taken before the build record's recorder wraps them: these reads go around it.
const { readFileSync, readdirSync, statSync } = fs;

/**
 * How a path is looked at: `content` (a file's bytes, a directory's names), `meta` (whether it
 * exists, a file's size and time: a `terraform` found on PATH is not hashed), `modules` (the
 * entries of a directory an import could resolve to).
 */
export type View = 'content' | 'meta' | 'modules';

/** States keyed by `<view>:<absolute path>`, as {@link stateKey} makes them. */
export type States = Readonly<Record<string, string>>;

/** The key of a path's state in {@link States}. */
export function stateKey(view: View, file: string): string {
  return `${view}:${file}`;
}

/**
 * What a path holds now: `file:<sha1>`, `dir:<sha1 of its names>`, or `missing`; in the `meta`
 * view `meta:<size>:<mtime>` for a file and `dir` for a directory; in the `modules` view the digest
 * of the modules and directories in it.
 */
export function stateOf(file: string, view: View): string {
  try {
    if (view === 'modules') return `modules:${sha1(modulesIn(file).join('\0'))}`;
    const stat = statSync(file);
    if (view === 'meta') return stat.isDirectory() ? 'dir' : `meta:${stat.size}:${stat.mtimeMs}`;
    if (stat.isDirectory()) return `dir:${sha1(listing(file).join('\0'))}`;
    if (stat.isFile()) return `file:${sha1(readFileSync(file))}`;
    return `other:${stat.mode}`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : `error:${code}`;
  }
}

/** Whether a path names a bundle bundle-entry.ts (or the app command) writes beside an entry and removes after use. */
export function isTransientBundle(file: string): boolean {
  return /(^|[\\/])\.[^\\/]+\.(load|synth)-\d+(-\d+)?\.mjs$/.test(file);
}

/** Whether every path is as it was. */
export function statesMatch(states: States): boolean {
  for (const [key, state] of Object.entries(states)) {
    const colon = key.indexOf(':');
    if (stateOf(key.slice(colon + 1), key.slice(0, colon) as View) !== state) return false;
  }
  return true;
}

/**
 * A directory's entries, sorted, without what runs write themselves: the transient bundles beside an
 * entry and `cdktf.out` (neither is an input, and both come and go).
 */
function listing(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name !== 'cdktf.out' && !isTransientBundle(name))
    .sort();
}

/** What esbuild tries for an import without its file's extension (its defaults, and Node's module extensions). */
const MODULE_EXTENSIONS = /\.(tsx?|jsx?|[cm][jt]s|css|json)$/;

/**
 * The entries of a sources' directory an import could resolve to (modules, and directories for their
 * index), sorted: not the logs, state and other files a run writes beside them, nor hidden ones.
 */
function modulesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter(
      (e) =>
        !e.name.startsWith('.') &&
        e.name !== 'cdktf.out' &&
        (MODULE_EXTENSIONS.test(e.name) ? !e.isDirectory() : e.isDirectory() || e.isSymbolicLink()),
    )
    .map((e) => e.name)
    .sort();
}

export function sha1(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

/** The package managers' own records of what `node_modules` holds (npm, pnpm, yarn berry, yarn 1). */
const INSTALL_RECORDS = ['.package-lock.json', '.modules.yaml', '.yarn-state.yml', '.yarn-integrity'];

/**
 * The package manager's record in the `node_modules` nearest to `dir` (where its imports resolve):
 * it changes whenever the package manager changes what is installed. Undefined when there is none.
 */
export function installRecord(dir: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    const modules = path.join(at, 'node_modules');
    for (const name of INSTALL_RECORDS) {
      const file = path.join(modules, name);
      if (stateOf(file, 'meta') !== 'missing') return file;
    }
    if (path.dirname(at) === at) return undefined;
  }
}

/** This pipeline's build: the files beside this module (dist's chunks, or the sources), their sizes and times. */
let build: string | undefined;
export function pipelineBuild(): string {
  if (build !== undefined) return build;
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const entries = readdirSync(dir).map((name) => {
    const stat = statSync(path.join(dir, name));
    return `${name}:${stat.size}:${stat.mtimeMs}`;
  });
  build = sha1(entries.sort().join('\n'));
  return build;
}
