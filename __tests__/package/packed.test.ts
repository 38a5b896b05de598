import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { cleanEnv } from '../helpers/env.js';
import { git } from '../helpers/git.js';
import { DOC_PAGES, DOCS_DIR } from '../../pipeline/cli/doc-pages.js';
import { CDKTN_EXAMPLE, EXAMPLE, ROOT } from '../helpers/paths.js';
import { heavyModules, HEAVY, runRecordingModules } from './modules.js';
import { installConsumer, installedPackages, packTarball, type PackedTarball } from './pack.js';

// The package as users get it: `npm pack` (once), installed offline into fresh projects beside the
// CDK library and constructs the user chose (peer dependencies), imported by plain Node and run
// through its bin on a throwaway git repository with the real terraform.

let packed: PackedTarball;

beforeAll(async () => {
  packed = await packTarball();
}, 600_000);

afterAll(() => packed?.remove());

/** The example's own dependencies but cdktf-gitops: what a user of it installs beside the tarball. */
function exampleDependencies(example: string): Record<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(example, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  return Object.fromEntries(Object.entries(pkg.dependencies).filter(([name]) => name !== 'cdktf-gitops'));
}

/** A consumer project, installed before the tests of the enclosing `describe`. */
function useConsumer(name: string, example: string, dependencies: Record<string, string>): () => string {
  let project: string | undefined;
  beforeAll(async () => {
    project = await installConsumer(packed, { name, example, dependencies });
  }, 300_000);
  return () => project!;
}

const run = (cwd: string, command: string, args: string[]) =>
  execa(command, args, { cwd, env: cleanEnv(), extendEnv: false, reject: false, stdin: 'ignore' });

/** Commits the project in a fresh git repository and runs `npx cdktf-gitops run --json` there (main). */
async function pipelineRun(project: string): Promise<{ exitCode: number; stages: string[] }> {
  await git(project, 'init', '-q', '-b', 'main');
  await git(project, 'add', '-A');
  await git(project, 'commit', '-q', '-m', 'initial');
  const r = await run(project, 'npx', ['--offline', 'cdktf-gitops', 'run', '--json']);
  let json: { stages?: { environment: string; status: string; changes: { add: number } }[] } = {};
  try {
    json = JSON.parse(r.stdout);
  } catch {
    throw new Error(`run printed no JSON (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
  }
  const stages = (json.stages ?? []).map((s) => `${s.environment}: ${s.status}, ${s.changes.add} to add`);
  return { exitCode: r.exitCode ?? -1, stages };
}

/** What a TypeScript user installs besides: the compiler and Node's types. */
const TYPESCRIPT = { typescript: '5.9.3', '@types/node': '20.19.43' };

/** The user's own `tsc` on main.ts (settings as in cdktf's project template: strict, libraries unchecked). */
async function typeCheck(project: string): Promise<{ exitCode: number; output: string }> {
  const compilerOptions = {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  };
  writeFileSync(path.join(project, 'tsconfig.json'), `${JSON.stringify({ compilerOptions, include: ['main.ts'] })}\n`);
  const tsc = await run(project, process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc')]);
  return { exitCode: tsc.exitCode ?? -1, output: tsc.stdout + tsc.stderr };
}

/** Every installed copy of `name` in `project` (paths relative to it) with its version. */
function copiesOf(project: string, name: string): string[] {
  return readdirSync(path.join(project, 'node_modules'), { recursive: true, encoding: 'utf8' })
    .filter((p) => p === `${name}/package.json` || p.endsWith(`/node_modules/${name}/package.json`))
    .map((p) => {
      const version = (JSON.parse(readFileSync(path.join(project, 'node_modules', p), 'utf8')) as { version: string })
        .version;
      return `node_modules/${path.dirname(p)}@${version}`;
    })
    .sort();
}

describe('the packed tarball in a cdktf project (the example: cdktf 0.21, constructs 10.6)', () => {
  const project = useConsumer('cdktf', EXAMPLE, exampleDependencies(EXAMPLE));
  const node = (args: string[]) => run(project(), process.execPath, args);

  it('ships compiled JavaScript with types and source maps, and no TypeScript sources but the examples', () => {
    expect(packed.files).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.d.ts',
        'dist/index.js.map',
        'dist/pipeline/cli/main.js',
        'dist/kubernetes.js',
        'bin/cdktf-gitops',
        'package.json',
      ]),
    );
    const sources = packed.files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    expect(sources).toEqual(['examples/cdktn-terraform-data/main.ts', 'examples/terraform-data/main.ts']);
    expect(packed.files.filter((f) => f.startsWith('__tests__/') || f.startsWith('bench/'))).toEqual([]);
  });

  it('ships README.md, BENCHMARKS.md and every page of docs/', () => {
    const pages = readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`);
    expect(pages.length).toBeGreaterThan(0);
    expect(packed.files).toEqual(expect.arrayContaining(['README.md', 'BENCHMARKS.md', ...pages]));
  });

  it('names in --help and messages only documentation pages the installed package has', async () => {
    const bin = path.join(project(), 'node_modules', 'cdktf-gitops', 'bin', 'cdktf-gitops');
    const help = async (args: string[]) => (await node([bin, ...args, '--help'])).stdout;
    const main = await help([]);
    const listed = main.slice(main.indexOf('Commands:'), main.indexOf('\n\n', main.indexOf('Commands:')));
    const commands = [...listed.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['run', 'status', 'freeze', 'ci', 'init']));
    const texts = [main, ...(await Promise.all(commands.map((c) => help([c]))))];
    const named = new Set(
      texts.flatMap((t) => [...t.matchAll(/node_modules\/cdktf-gitops\/docs\/[\w.-]+\.md/g)].map((m) => m[0])),
    );
    expect([...named]).toEqual(expect.arrayContaining([`${DOCS_DIR}/design.md`, `${DOCS_DIR}/review.md`]));
    const pages = [...named, ...DOC_PAGES.map((page) => `${DOCS_DIR}/${page}`)];
    expect(pages.filter((page) => !existsSync(path.join(project(), page)))).toEqual([]);
  });

  it("uses the project's cdktf and constructs, one copy of each; no cdktf CLI, cdktn or provider", () => {
    const installed = installedPackages(project());
    expect(installed).toEqual(expect.arrayContaining(['cdktf-gitops', 'cdktf', 'constructs', 'execa', 'tsx']));
    for (const absent of ['cdktf-cli', 'cdktn', '@cdktf/provider-kubernetes']) expect(installed).not.toContain(absent);
    expect(copiesOf(project(), 'constructs')).toEqual(['node_modules/constructs@10.6.0']);
    expect(copiesOf(project(), 'cdktf')).toEqual(['node_modules/cdktf@0.21.0']);
  });

  it('is importable by name from a plain .mjs file', async () => {
    writeFileSync(
      path.join(project(), 'use.mjs'),
      "import { Pipeline, defineProject } from 'cdktf-gitops';\n" +
        "const project = defineProject({ environments: ['ops', 'apps'], stacks: () => {} });\n" +
        "const pipeline = await Pipeline.open({ projectDir: '.', project });\n" +
        "const plan = await pipeline.explain({ ref: 'refs/heads/main' });\n" +
        'const stages = plan.stages.map((s) => s.environment);\n' +
        'console.log(JSON.stringify({ environments: pipeline.environments, trigger: plan.trigger, stages }));\n',
    );
    const r = await node(['use.mjs']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ environments: ['ops', 'apps'], trigger: 'main', stages: ['ops', 'apps'] });
    expect(existsSync(path.join(project(), 'node_modules', 'cdktf-gitops', 'dist', 'index.d.ts'))).toBe(true);
  });

  it("names the missing provider when 'cdktf-gitops/kubernetes' is imported without it", async () => {
    const r = await node([
      '-e',
      "import('cdktf-gitops/kubernetes').then(() => process.exit(0), " +
        '(e) => { console.error(e.code, e.message); process.exit(1); })',
    ]);
    expect(r.exitCode).toBe(1);
    // Node's own "not found" (the provider classes load through `require`: MODULE_NOT_FOUND).
    expect(r.stderr).toMatch(/MODULE_NOT_FOUND.*@cdktf\/provider-kubernetes/);
  });

  it('runs the pipeline through `npx cdktf-gitops run` on the example project', async () => {
    expect(await pipelineRun(project())).toEqual({
      exitCode: 0,
      stages: ['ops: applied, 2 to add', 'apps: planned, 2 to add'],
    });
  });

  it('loads no cdktf, terraform code, execa, tsx, table or colour library for --help or a usage error', async () => {
    const bin = path.join(project(), 'node_modules', 'cdktf-gitops', 'bin', 'cdktf-gitops');
    const help = await runRecordingModules(bin, ['--help'], { cwd: project(), env: cleanEnv() });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: cdktf-gitops');
    expect(help.modules.some((m) => m.includes('/dist/pipeline/cli/main.js'))).toBe(true);
    expect(heavyModules(help.modules, [...HEAVY, '/node_modules/tsx/'])).toEqual([]);
    const usage = await runRecordingModules(bin, ['run', '--no-such-option'], { cwd: project(), env: cleanEnv() });
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain("unknown option '--no-such-option'");
    expect(heavyModules(usage.modules, [...HEAVY, '/node_modules/tsx/'])).toEqual([]);
    // The check sees through the bundle: a command that runs git loads execa's sources, bundled in dist/.
    const explain = await runRecordingModules(bin, ['explain', '--ref', 'refs/heads/main'], {
      cwd: project(),
      env: cleanEnv(),
    });
    expect(explain.exitCode).toBe(0);
    expect(explain.modules.some((m) => m.includes('/node_modules/execa/'))).toBe(false);
    expect(heavyModules(explain.modules, ['/node_modules/execa/']).length).toBeGreaterThan(0);
  });
});

describe('the packed tarball in a cdktf 0.21 project with constructs 10.4.2 (the lowest cdktf 0.21 takes)', () => {
  const project = useConsumer('constructs-10-4-2', EXAMPLE, { cdktf: '0.21.0', constructs: '10.4.2', ...TYPESCRIPT });

  it("keeps the project's one constructs, so the user's own type check of main.ts passes", async () => {
    // With a second copy (cdktf-gitops' own), tsc says: Argument of type 'App' is not assignable to 'Construct'.
    expect(copiesOf(project(), 'constructs')).toEqual(['node_modules/constructs@10.4.2']);
    expect(await typeCheck(project())).toEqual({ exitCode: 0, output: '' });
  }, 120_000);

  it('runs the pipeline', async () => {
    expect(await pipelineRun(project())).toEqual({
      exitCode: 0,
      stages: ['ops: applied, 2 to add', 'apps: planned, 2 to add'],
    });
  });
});

describe('the packed tarball in a cdktn project (no cdktf installed)', () => {
  const project = useConsumer('cdktn', CDKTN_EXAMPLE, { ...exampleDependencies(CDKTN_EXAMPLE), ...TYPESCRIPT });

  it('installs no cdktf, and type-checks without it', async () => {
    expect(existsSync(path.join(project(), 'node_modules', 'cdktf'))).toBe(false);
    expect(copiesOf(project(), 'constructs')).toEqual(['node_modules/constructs@10.6.0']);
    expect(await typeCheck(project())).toEqual({ exitCode: 0, output: '' });
  }, 120_000);

  it('runs the pipeline without loading a file of cdktf', async () => {
    await git(project(), 'init', '-q', '-b', 'main');
    await git(project(), 'add', '-A');
    await git(project(), 'commit', '-q', '-m', 'initial');
    const bin = path.join(project(), 'node_modules', 'cdktf-gitops', 'bin', 'cdktf-gitops');
    const r = await runRecordingModules(bin, ['run', '--json'], { cwd: project(), env: cleanEnv() });
    expect(r.exitCode).toBe(0);
    const json = JSON.parse(r.stdout) as { stages: { environment: string; status: string }[] };
    expect(json.stages.map((s) => `${s.environment}: ${s.status}`)).toEqual(['ops: applied', 'apps: planned']);
    expect(r.modules.some((m) => m.includes('/node_modules/cdktn/'))).toBe(true);
    expect(r.modules.filter((m) => /\/node_modules\/cdktf\//.test(m))).toEqual([]);
  });

  it("says what to install when the project imports 'cdktf-gitops' (the cdktf flavour) instead", async () => {
    const r = await run(project(), process.execPath, [
      '-e',
      "import('cdktf-gitops').then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); })",
    ]);
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({
      exitCode: 1,
      stderr:
        "'cdktf-gitops' builds on the project's own cdktf (CDK for Terraform, ^0.21.0), which is not installed: " +
        'npm install cdktf@^0.21.0 (a CDK Terrain project installs cdktn instead ' +
        "and imports from 'cdktf-gitops/cdktn')",
    });
  });
});
