// `npm run build`: dist/ from scratch, its JavaScript bundled by esbuild and its declarations written by
// `tsc -p tsconfig.build.json` (emitDeclarationOnly), the two side by side.
//
// Why a bundle and not tsc's one file per module: every CLI process loads the pipeline and execa, ~90
// ES modules that Node resolves, reads and links one by one (≈ 0.15 s of a run, BENCHMARKS.md).
// The bundle keeps one instance of everything: the package's entry points (index, kubernetes, cdktn,
// the CLI, the modules bin/ loads by path) share chunks, so a project's `import 'cdktf-gitops'` and
// the CLI meet the same classes. execa and its ES module dependencies are bundled in; every other
// package stays external, and the CommonJS ones (cdktf, constructs, the providers) are loaded with
// `require`: an ES `import` of them makes Node scan cdktf's sources for export names first.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { isCommonJs } from '../pipeline/project/bundle-entry.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist');

/** Module paths, relative to the root, that are entry points: the exports, the CLI, and what bin/ imports by path. */
export const ENTRY_POINTS = [
  'index.ts',
  'kubernetes.ts',
  'cdktn.ts',
  'terraform.ts',
  'pipeline/cli/main.ts',
  'pipeline/project/bundle-entry.ts',
  'pipeline/project/cdk-patches.ts',
];

/** Packages bundled into dist/ (ES modules only; their own dependencies come along). */
const BUNDLED = new Set(['execa']);

/** External packages that are CommonJS: imported through `require` (same instance, no export-name scan). */
const COMMONJS = ['cdktf', 'cdktn', 'constructs', '@cdktf/provider-kubernetes', 'commander'];

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * Bare imports of {@link COMMONJS} packages become `require` calls of the same specifier (the
 * banner defines `require` from the chunk's own URL), every other bare import but {@link BUNDLED}
 * stays an external `import`.
 */
function externals(): Plugin {
  const resolveFrom = createRequire(path.join(ROOT, 'package.json'));
  return {
    name: 'cdktf-gitops-dist-externals',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || args.namespace === 'require-external') return undefined;
        const pkg = packageOf(args.path);
        if (BUNDLED.has(pkg) || args.resolveDir.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        if (args.kind === 'import-statement' && COMMONJS.includes(pkg)) {
          // Fails the build if the package is not CommonJS where this file would load it.
          if (!isCommonJs(resolveFrom.resolve(args.path))) throw new Error(`${args.path} is not CommonJS`);
          return { path: args.path, namespace: 'require-external' };
        }
        return { path: args.path, external: true };
      });
      b.onResolve({ filter: /.*/, namespace: 'require-external' }, (args) => ({ path: args.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: 'require-external' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

/** A `require` for each chunk (bundled CommonJS code and the externals above call it). */
const BANNER = `import { createRequire as __cdktfGitopsCreateRequire } from 'node:module';
const require = __cdktfGitopsCreateRequire(import.meta.url);`;

/** `tsc -p tsconfig.build.json`: the declarations (and type errors, which fail the build). */
function declarations(): Promise<void> {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT }, (error, stdout, stderr) => {
      if (error) reject(new Error(`tsc failed:\n${stdout}${stderr}`));
      else resolve();
    });
  });
}

async function main(): Promise<void> {
  // From scratch: no JavaScript of an earlier layout is left behind (and packed).
  rmSync(OUT, { recursive: true, force: true });
  const javascript = build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    outdir: OUT,
    outbase: '.',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Node's conditions only: the sources condition (cdktf-gitops-source) must not leak into dist/.
    conditions: [],
    sourcemap: true,
    sourcesContent: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: BANNER },
    plugins: [externals()],
    logLevel: 'warning',
  });
  await Promise.all([javascript, declarations()]);
}

await main();
