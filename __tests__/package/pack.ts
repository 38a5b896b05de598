import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { cleanEnv } from '../helpers/env.js';
import { linkNodeModules } from '../helpers/example-repo.js';
import { ROOT } from '../helpers/paths.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { consumerPackages, lockKeyOf, type LockPackages } from './consumer-lock.js';

/** The tarball `npm pack` made of this checkout, shared by the projects that install it. */
export interface PackedTarball {
  /** Temporary directory holding the source copy, the tarball and the consumer projects. */
  readonly dir: string;
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
  /** Files in the tarball, relative to its `package/` folder. */
  readonly files: readonly string[];
  remove(): void;
}

/** A user's project that installs the tarball. */
export interface ConsumerSpec {
  /** Its directory name under the tarball's directory. */
  readonly name: string;
  /** The project whose files it starts from (its package.json is replaced). */
  readonly example: string;
  /** What the user installed beside cdktf-gitops: name → exact version, as this repository's lock has it. */
  readonly dependencies: Readonly<Record<string, string>>;
}

const env = cleanEnv({ npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });
const npm = (cwd: string, args: string[]) =>
  execa('npm', args, { cwd, env, extendEnv: false, stdin: 'ignore', all: true });

/**
 * Packs this checkout as `npm pack` would publish it. The checkout is copied first (tracked and
 * untracked, not ignored files) so that `prepare` builds dist/ there and never rewrites this
 * checkout's dist/ under running tests.
 */
export async function packTarball(): Promise<PackedTarball> {
  const dir = makeTempDir('cdktf-gitops-packed-');
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
    return {
      dir,
      tarball: path.join(dir, info[0]!.filename),
      files: info[0]!.files.map((f) => f.path),
      remove: () => removeDir(dir),
    };
  } catch (error) {
    removeDir(dir);
    throw error;
  }
}

/**
 * Creates `spec`'s project beside the tarball and installs it with `npm ci --offline`: its lock file
 * is cut from this repository's (consumer-lock.ts), so every package comes from the npm cache that
 * this repository's `npm ci` filled, and no registry is needed. Returns the project's directory.
 */
export async function installConsumer(packed: PackedTarball, spec: ConsumerSpec): Promise<string> {
  const project = path.join(packed.dir, spec.name);
  const generated = /(node_modules|cdktf\.out|\.terraform-state)/;
  cpSync(spec.example, project, {
    recursive: true,
    filter: (src) => !generated.test(path.relative(spec.example, src)),
  });
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const root = (JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: LockPackages })
    .packages;
  const tarball = `file:${path.relative(project, packed.tarball)}`;
  const dependencies = { 'cdktf-gitops': tarball, ...spec.dependencies };
  const own = pkg.dependencies as Record<string, string>;
  const top = Object.fromEntries([
    ...Object.keys(own).map((name) => [name, `node_modules/${name}`]),
    ...Object.entries(spec.dependencies).map(([name, version]) => [name, lockKeyOf(root, name, version)]),
  ]);
  const packages = {
    '': { name: 'consumer', dependencies },
    ...consumerPackages(root, top),
    'node_modules/cdktf-gitops': {
      version: pkg.version,
      resolved: tarball,
      dependencies: own,
      bin: pkg.bin,
      peerDependencies: pkg.peerDependencies,
      peerDependenciesMeta: pkg.peerDependenciesMeta,
    },
  };
  const manifest = { name: 'consumer', private: true, type: 'module', dependencies };
  writeFileSync(path.join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const lock = { name: 'consumer', lockfileVersion: 3, requires: true, packages };
  writeFileSync(path.join(project, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  writeFileSync(path.join(project, '.gitignore'), 'node_modules/\ncdktf.out/\n.terraform-state/\n');
  await npm(project, ['ci', '--offline']);
  return project;
}

/** Top-level package names installed in `project` (scoped ones as `@scope/name`). */
export function installedPackages(project: string): string[] {
  const dir = path.join(project, 'node_modules');
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) => (n.startsWith('@') ? readdirSync(path.join(dir, n)).map((m) => `${n}/${m}`) : [n]));
}
