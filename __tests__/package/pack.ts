import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { cleanEnv } from '../helpers/env.js';
import { linkNodeModules } from '../helpers/example-repo.js';
import { ROOT } from '../helpers/paths.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';

/** A project that installed the packed tarball, as a user's would. */
export interface PackedInstall {
  /** Temporary directory holding the source copy, the tarball and the project. */
  readonly dir: string;
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
  /** Files in the tarball, relative to its `package/` folder. */
  readonly files: readonly string[];
  /** The consumer project: the example project with the tarball installed into its node_modules. */
  readonly project: string;
  remove(): void;
}

/**
 * Packs this checkout as `npm pack` would publish it and installs the tarball into a copy of the
 * example project, offline. The checkout is copied first (tracked and untracked, not ignored files)
 * so that `prepare` builds dist/ there and never rewrites this checkout's dist/ under running tests.
 * The consumer's lock file is this repository's, cut to the production dependencies, so `npm ci
 * --offline` takes every package from the local npm cache that `npm ci` filled: no registry needed.
 */
export async function packAndInstall(): Promise<PackedInstall> {
  const dir = makeTempDir('cdktf-gitops-packed-');
  const env = cleanEnv({ npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });
  const npm = (cwd: string, args: string[]) =>
    execa('npm', args, { cwd, env, extendEnv: false, stdin: 'ignore', all: true });
  try {
    const source = path.join(dir, 'source');
    const listed = await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT });
    for (const file of listed.stdout.split('\0').filter(Boolean)) {
      mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
      try {
        cpSync(path.join(ROOT, file), path.join(source, file));
      } catch {
        // A file deleted in the working tree but still in the index.
      }
    }
    linkNodeModules(source);
    const packed = await npm(source, ['pack', '--json', '--pack-destination', dir]);
    const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
      filename: string;
      files: { path: string }[];
    }[];
    const tarball = path.join(dir, info[0]!.filename);
    const project = path.join(dir, 'project');
    cpSync(path.join(ROOT, 'examples', 'terraform-data'), project, { recursive: true });
    writeConsumer(project, path.relative(project, tarball));
    await npm(project, ['ci', '--offline']);
    return {
      dir,
      tarball,
      files: info[0]!.files.map((f) => f.path),
      project,
      remove: () => removeDir(dir),
    };
  } catch (error) {
    removeDir(dir);
    throw error;
  }
}

/** The consumer's package.json (depends on the tarball) and a lock file for an offline `npm ci`. */
function writeConsumer(project: string, tarball: string): void {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; link?: boolean }>;
  };
  const spec = `file:${tarball}`;
  const manifest = { name: 'consumer', private: true, type: 'module', dependencies: { 'cdktf-gitops': spec } };
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { 'cdktf-gitops': spec } },
    'node_modules/cdktf-gitops': {
      version: pkg.version,
      resolved: spec,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      peerDependencies: pkg.peerDependencies,
      peerDependenciesMeta: pkg.peerDependenciesMeta,
    },
  };
  // Everything the package needs at run time: the entries npm did not mark dev (the self-link aside).
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key !== '' && !entry.dev && !entry.link && key !== 'node_modules/cdktf-gitops') packages[key] = entry;
  }
  writeFileSync(path.join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(
    path.join(project, 'package-lock.json'),
    `${JSON.stringify({ name: 'consumer', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
  writeFileSync(path.join(project, '.gitignore'), 'node_modules/\ncdktf.out/\n.terraform-state/\n');
}

/** Top-level package names installed in `project` (scoped ones as `@scope/name`). */
export function installedPackages(project: string): string[] {
  const dir = path.join(project, 'node_modules');
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) => (n.startsWith('@') ? readdirSync(path.join(dir, n)).map((m) => `${n}/${m}`) : [n]));
}
