import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

/** What {@link bundleEntry} wrote: the bundle beside the entry, and the local sources it holds. */
export interface EntryBundle {
  /** Absolute path of the `.mjs` bundle (beside the entry, so bare imports resolve as from the entry). */
  readonly file: string;
  /** Absolute paths of the project's own source files bundled into it (packages stay external). */
  readonly sources: readonly string[];
  /** Set when a bundled file other than the entry uses `import.meta` beyond `url`, `dirname`, `filename`. */
  readonly unresolvedImportMeta: boolean;
  /** The CDK libraries (`cdktf`, `cdktn`) the bundled sources import. */
  readonly libraries: readonly ('cdktf' | 'cdktn')[];
}

/** Options of {@link bundleEntry}. */
export interface BundleOptions {
  /** Load CommonJS packages with `require` instead of `import` (default true; see {@link requireCommonJs}). */
  readonly requireCommonJs?: boolean;
  /** What the bundle's name says it is for (`load`, `synth`). */
  readonly purpose?: string;
}

/** Bundles written by this process: a fresh name per bundle, so Node's module cache never serves an old one. */
let counter = 0;

/** Whether a path names a bundle {@link bundleEntry} (or the app command) writes beside an entry and removes after use. */
export function isTransientBundle(file: string): boolean {
  return /(^|[\\/])\.[^\\/]+\.(load|synth)-\d+(-\d+)?\.mjs$/.test(file);
}

/** A TypeScript entry module (`main.ts`, `.mts`, `.cts`, `.tsx`). */
export function isTypeScriptEntry(entry: string): boolean {
  return /\.[cm]?tsx?$/.test(entry);
}

/**
 * Bundles a TypeScript entry module and its relative imports into one ES module beside it with
 * esbuild (packages stay external), on every call: an edited `main.ts` is never loaded stale.
 * Throws esbuild's error when the entry does not build (a syntax error, a missing relative import).
 */
export async function bundleEntry(entry: string, opts: BundleOptions = {}): Promise<EntryBundle> {
  const base = path.basename(entry, path.extname(entry));
  const file = path.join(path.dirname(entry), `.${base}.${opts.purpose ?? 'load'}-${process.pid}-${++counter}.mjs`);
  // `require`: esbuild's API is CommonJS, and an `import` would first scan its source for export names.
  const { build } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const meta = ownImportMeta(entry);
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Node's conditions only: esbuild's default 'module' condition is not one of them.
    conditions: [],
    sourcemap: 'inline',
    logLevel: 'silent',
    metafile: true,
    ...(opts.requireCommonJs === false
      ? { packages: 'external' as const, plugins: [meta.plugin] }
      : { plugins: [meta.plugin, requireCommonJs()], banner: { js: REQUIRE_BANNER } }),
  });
  const sources = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes(':') && !input.split(/[\\/]/).includes('node_modules'))
    .map((input) => path.resolve(input));
  writeFileSync(file, result.outputFiles[0]!.text);
  return { file, sources, unresolvedImportMeta: meta.unresolved(), libraries: cdkLibrariesOf(result.metafile) };
}

/** The CDK libraries a bundle imports: as external packages, or as the CommonJS files it requires. */
function cdkLibrariesOf(metafile: import('esbuild').Metafile): ('cdktf' | 'cdktn')[] {
  const paths = Object.entries(metafile.inputs).flatMap(([input, info]) => [input, ...info.imports.map((i) => i.path)]);
  return (['cdktf', 'cdktn'] as const).filter((name) =>
    paths.some(
      (p) => p === name || p.startsWith(`${name}/`) || new RegExp(`node_modules[\\\\/]${name}[\\\\/]`).test(p),
    ),
  );
}

/**
 * An esbuild plugin: every bundled source file but the entry keeps its own `import.meta.url`,
 * `dirname` and `filename` (written in as strings); in a bundle they would be the bundle's.
 * `unresolved()` says whether some other use of `import.meta` was left (`import.meta.resolve`).
 */
export function ownImportMeta(entry: string): { plugin: Plugin; unresolved: () => boolean } {
  let unresolved = false;
  const plugin: Plugin = {
    name: 'cdktf-gitops-own-import-meta',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
        if (args.path.split(/[\\/]/).includes('node_modules') || args.path === entry) return undefined;
        const text = readFileSync(args.path, 'utf8');
        const ext = path.extname(args.path).slice(1);
        const loader = ext.endsWith('x') ? (ext.startsWith('t') ? 'tsx' : 'jsx') : /^[cm]?ts$/.test(ext) ? 'ts' : 'js';
        const resolveDir = path.dirname(args.path);
        if (!text.includes('import.meta')) return undefined;
        const own = text
          .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
          .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(path.dirname(args.path)))
          .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path));
        if (own.includes('import.meta')) unresolved = true;
        return { contents: own, loader, resolveDir };
      });
    },
  };
  return { plugin, unresolved: () => unresolved };
}

/** The bundle's own `require` (relative to the bundle), under a name user code does not use. */
const REQUIRE = '__cdktfGitopsRequire';
const REQUIRE_BANNER = `import { createRequire as ${REQUIRE}_ } from 'node:module';
const ${REQUIRE} = ${REQUIRE}_(import.meta.url);`;

/** Marks esbuild's own resolution inside the plugin, which must not re-enter it. */
const INNER = Symbol('inner resolve');

/**
 * An esbuild plugin: a bare `import` that resolves to a CommonJS file is loaded with `require` of
 * that very file, every other bare import stays external. Node's `import` of CommonJS scans the
 * file's source for its export names (cjs-module-lexer, following every re-export: cdktf's index
 * re-exports dozens of files, ~0.3 s CPU for the Kubernetes project); `require` does not, and it is
 * the same module instance (Node's CommonJS cache is keyed by the file), so cdktf stays shared with
 * the running pipeline. ES module packages (cdktf-gitops, execa) stay plain external imports.
 */
export function requireCommonJs(): Plugin {
  const types = new Map<string, boolean>();
  return {
    name: 'cdktf-gitops-require-commonjs',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === INNER) return undefined;
        const external = { path: args.path, external: true };
        if (args.kind !== 'import-statement' || args.path.startsWith('node:')) return external;
        const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: INNER });
        if (found.errors.length > 0 || found.external || !isCommonJs(found.path, types)) return external;
        return { path: found.path, namespace: 'cdktf-gitops-cjs' };
      });
      b.onLoad({ filter: /.*/, namespace: 'cdktf-gitops-cjs' }, (a) => ({
        contents: `module.exports = ${REQUIRE}(${JSON.stringify(a.path)});`,
        loader: 'js',
      }));
    },
  };
}

/** Whether Node loads `file` as CommonJS: `.cjs`, or `.js` under a package.json without `"type": "module"`. */
export function isCommonJs(file: string, cache = new Map<string, boolean>()): boolean {
  if (file.endsWith('.cjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const known = cache.get(dir);
    if (known !== undefined) return known;
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      let cjs: boolean;
      try {
        cjs = (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type !== 'module';
      } catch {
        cjs = false; // Unreadable: leave the import to Node.
      }
      cache.set(dir, cjs);
      return cjs;
    }
    if (path.dirname(dir) === dir) return true;
  }
}

/**
 * Imports a TypeScript entry module as plain JavaScript (see {@link bundleEntry}) into the caller's
 * own module graph, without tsx's module loader (~0.3–0.5 s per process). Resolves to undefined
 * when it cannot (the caller then loads the entry with tsx, which reports any error in its own
 * words): a JavaScript entry, an entry esbuild cannot build, or a bundled file other than the entry
 * using `import.meta` beyond its URL and paths. `beforeImport` runs once the entry is bundled, just
 * before it is imported (work started there overlaps the import, not esbuild). Throws what the
 * entry module throws when it runs.
 */
export async function importBundled(
  entry: string,
  beforeImport?: () => void,
): Promise<Record<string, unknown> | undefined> {
  if (!isTypeScriptEntry(entry)) return undefined;
  let bundle: EntryBundle;
  try {
    bundle = await bundleEntry(entry);
  } catch {
    return undefined;
  }
  try {
    if (bundle.unresolvedImportMeta) return undefined;
    beforeImport?.();
    return (await import(pathToFileURL(bundle.file).href)) as Record<string, unknown>;
  } finally {
    rmSync(bundle.file, { force: true });
  }
}
