import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rmSync } from 'node:fs';
import { bundleEntry, importBundled, isTransientBundle } from '../../pipeline/project/bundle-entry.js';
import { loadProject } from '../../pipeline/project/load.js';
import { ConfigError } from '../../pipeline/errors.js';
import { useTempDir } from '../helpers/temp-dir.js';

// Fast path: a TypeScript entry is bundled to plain JavaScript (no tsx) on every load; CommonJS
// packages are required (the same instance Node's import would load), ES module packages imported.

/** Writes `files` (relative paths) under `dir`. */
function write(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
}

/** A project with a CommonJS package `cjs-pkg`, an ES module package `esm-pkg`, and a sub-module of its own. */
const PROJECT: Record<string, string> = {
  'package.json': '{"type":"module"}',
  'cdktf.json': '{}',
  'node_modules/cjs-pkg/package.json': '{"name":"cjs-pkg","main":"lib/index.js"}',
  'node_modules/cjs-pkg/lib/index.js': 'exports.token = {}; exports.kind = "cjs";\n',
  'node_modules/esm-pkg/package.json': '{"name":"esm-pkg","type":"module","exports":"./index.js"}',
  'node_modules/esm-pkg/index.js': 'export const kind = "esm";\n',
  'stacks/where.ts': 'export const where: string = import.meta.url;\n',
  'main.ts': [
    "import cjsDefault, { token, kind } from 'cjs-pkg';",
    "import { kind as esmKind } from 'esm-pkg';",
    "import { where } from './stacks/where.js';",
    'export const found = { token, kind, esmKind, where, cjsDefault, self: import.meta.url };',
    "export const project = { environments: ['ops'], mainBranch: 'main', createApp(): void {} };",
  ].join('\n'),
};

describe('bundleEntry', () => {
  const dir = useTempDir('cdktf-gitops-bundle-', { each: true });

  const kinds = 'requires CommonJS packages, imports ES module packages, ';
  it(`${kinds}and keeps sub-modules their own import.meta.url`, async () => {
    write(dir(), PROJECT);
    const entry = path.join(dir(), 'main.ts');
    const bundle = await bundleEntry(entry);
    try {
      expect(path.dirname(bundle.file)).toBe(dir());
      expect([...bundle.sources].sort()).toEqual([entry, path.join(dir(), 'stacks', 'where.ts')]);
      const text = readFileSync(bundle.file, 'utf8');
      expect(text).toContain(JSON.stringify(path.join(dir(), 'node_modules', 'cjs-pkg', 'lib', 'index.js')));
      expect(text).toMatch(/from "esm-pkg"/);
    } finally {
      rmSync(bundle.file, { force: true });
    }
  });

  it('imports the entry: the very CommonJS instance Node loads, Node-style default imports', async () => {
    write(dir(), PROJECT);
    const module = await importBundled(path.join(dir(), 'main.ts'));
    const cjs = createRequire(path.join(dir(), 'main.ts'))('cjs-pkg') as { token: object };
    expect(module?.found).toEqual({
      token: cjs.token,
      kind: 'cjs',
      esmKind: 'esm',
      where: pathToFileURL(path.join(dir(), 'stacks', 'where.ts')).href,
      cjsDefault: cjs,
      self: expect.stringMatching(/\/\.main\.load-\d+-\d+\.mjs$/),
    });
    expect((module!.found as { token: object }).token).toBe(cjs.token);
    // Nothing left behind in the project.
    expect(readdirSync(dir()).filter((name) => name.endsWith('.mjs'))).toEqual([]);
  });

  it.each<[string, Record<string, string>]>([
    ['a JavaScript entry', { 'main.mjs': 'export const project = 1;\n' }],
    ['an entry esbuild cannot build', { 'main.ts': 'export const = ;\n' }],
    ['a missing relative import', { 'main.ts': "import './nope.js';\n" }],
    ['import.meta.resolve in a sub-module', { 'main.ts': "import './a.js';\n", 'a.ts': "import.meta.resolve('x');\n" }],
  ])('leaves %s to tsx', async (_name, files) => {
    write(dir(), files);
    const entry = path.join(dir(), Object.keys(files)[0]!);
    expect(await importBundled(entry)).toBeUndefined();
    expect(readdirSync(dir()).filter((name) => /^\.main\..*\.mjs$/.test(name))).toEqual([]);
  });

  it('throws what the entry throws, and loadProject reports it as before', async () => {
    write(dir(), {
      'cdktf.json': '{}',
      'main.ts': "const broken: string = 'broken project';\nthrow new Error(broken);\n",
    });
    await expect(importBundled(path.join(dir(), 'main.ts'))).rejects.toThrow('broken project');
    const error = await loadProject(dir()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(`cannot load ${path.join(dir(), 'main.ts')}: broken project`);
  });

  it('loadProject falls back to tsx with its own error for an entry that does not build', async () => {
    write(dir(), { 'cdktf.json': '{}', 'main.ts': 'export const = ;\n' });
    await expect(loadProject(dir())).rejects.toThrow(/^cannot load .*main\.ts: /);
  });
});

describe('isTransientBundle', () => {
  it('names the bundles of a load and of the app command, nothing else', () => {
    expect(isTransientBundle('.main.load-123-4.mjs')).toBe(true);
    expect(isTransientBundle('sub/.main.synth-123-1.mjs')).toBe(true);
    expect(isTransientBundle('.main.synth-123.mjs')).toBe(true);
    expect(isTransientBundle('main.load-1-2.mjs')).toBe(false);
    expect(isTransientBundle('.main.load-1-2.mjs.bak')).toBe(false);
    expect(isTransientBundle('.main.other-1.mjs')).toBe(false);
  });
});
