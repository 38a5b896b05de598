// An offline install of a project that `init` wrote: its package.json points at the packed tarball, and its
// lock file is cut from this repository's, so `npm ci --offline` takes every package from the npm cache that
// this checkout's own `npm ci` filled (the tarball is not on any registry, and the tests need no network).
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/paths.js';

/** A package's entry in a lock file (the fields read here; the rest is copied as is). */
interface LockEntry {
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly dev?: boolean;
  readonly devOptional?: boolean;
  readonly [key: string]: unknown;
}

/** The fields of a package.json read here. */
interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  readonly bin?: Record<string, string>;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Where npm finds `name` from the package at lock key `from`: its own node_modules, then its parents'. */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const key = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[key] !== undefined) return key;
    if (base === '') return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent === -1 ? '' : base.slice(0, parent);
  }
}

/** The lock entries of `names` (needed from the root) and of everything they need, dev flags dropped. */
function closure(packages: Record<string, LockEntry>, names: readonly string[]): Record<string, LockEntry> {
  const out: Record<string, LockEntry> = {};
  const queue: [from: string, name: string, required: boolean][] = names.map((name) => ['', name, true]);
  for (let item = queue.pop(); item !== undefined; item = queue.pop()) {
    const [from, name, required] = item;
    const key = locate(packages, from, name);
    if (key === undefined) {
      if (required) throw new Error(`${name} (needed by ${from || 'the project'}) is not in package-lock.json`);
      continue;
    }
    if (out[key] !== undefined) continue;
    const { dev: _dev, devOptional, ...entry } = packages[key]!;
    out[key] = devOptional ? { ...entry, optional: true } : entry;
    for (const dep of Object.keys(entry.dependencies ?? {})) queue.push([key, dep, true]);
    for (const dep of Object.keys({ ...entry.optionalDependencies, ...entry.peerDependencies })) {
      queue.push([key, dep, false]);
    }
  }
  return out;
}

/**
 * Points `project`'s dependency on cdktf-gitops at `tarball` and writes its package-lock.json: the
 * package as `packed` describes it, and every other package the project or the package needs, from
 * this repository's lock file.
 */
export function writeOfflineInstall(project: string, tarball: string, packed: Manifest): void {
  const manifest = readJson<Manifest>(path.join(project, 'package.json'));
  const spec = `file:${path.relative(project, tarball)}`;
  const dependencies = { ...manifest.dependencies, 'cdktf-gitops': spec };
  writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ ...manifest, dependencies }, null, 2)}\n`);
  const lock = readJson<{ packages: Record<string, LockEntry> }>(path.join(ROOT, 'package-lock.json'));
  const needed = [
    ...Object.keys(dependencies).filter((name) => name !== 'cdktf-gitops'),
    ...Object.keys(manifest.devDependencies ?? {}),
    ...Object.keys(packed.dependencies ?? {}),
  ];
  const packages = {
    '': { name: manifest.name, dependencies, devDependencies: manifest.devDependencies },
    'node_modules/cdktf-gitops': {
      version: packed.version,
      resolved: spec,
      dependencies: packed.dependencies,
      peerDependencies: packed.peerDependencies,
      peerDependenciesMeta: packed.peerDependenciesMeta,
      bin: packed.bin,
    },
    ...closure(lock.packages, [...new Set(needed)]),
  };
  const text = JSON.stringify({ name: manifest.name, lockfileVersion: 3, requires: true, packages }, null, 2);
  writeFileSync(path.join(project, 'package-lock.json'), `${text}\n`);
}

/** The package.json of the cdktf-gitops that `project` installed. */
export function installedManifest(project: string): Manifest {
  return readJson<Manifest>(path.join(project, 'node_modules', 'cdktf-gitops', 'package.json'));
}
