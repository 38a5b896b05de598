import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { cleanEnv } from '../helpers/env.js';
import { git } from '../helpers/git.js';
import { heavyModules, HEAVY, runRecordingModules } from './modules.js';
import { installedPackages, packAndInstall, type PackedInstall } from './pack.js';

// The package as users get it: `npm pack`, installed offline into a fresh project, imported by plain
// Node and run through its bin on a throwaway git repository with the real terraform.

let packed: PackedInstall;

beforeAll(async () => {
  packed = await packAndInstall();
}, 600_000);

afterAll(() => packed?.remove());

const node = (args: string[]) =>
  execa(process.execPath, args, {
    cwd: packed.project,
    env: cleanEnv(),
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });

describe('the packed tarball', () => {
  it('ships compiled JavaScript with types and source maps, and no TypeScript sources but the example', () => {
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

  it('installs without the cdktf CLI and without the Kubernetes provider (an optional peer)', () => {
    const installed = installedPackages(packed.project);
    expect(installed).toEqual(expect.arrayContaining(['cdktf-gitops', 'cdktf', 'constructs', 'execa', 'tsx']));
    expect(installed).not.toContain('cdktf-cli');
    expect(installed).not.toContain('@cdktf/provider-kubernetes');
  });

  it('is importable by name from a plain .mjs file', async () => {
    writeFileSync(
      path.join(packed.project, 'use.mjs'),
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
    expect(existsSync(path.join(packed.project, 'node_modules', 'cdktf-gitops', 'dist', 'index.d.ts'))).toBe(true);
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
    await git(packed.project, 'init', '-q', '-b', 'main');
    await git(packed.project, 'add', '-A');
    await git(packed.project, 'commit', '-q', '-m', 'initial');
    const r = await execa('npx', ['--offline', 'cdktf-gitops', 'run', '--json'], {
      cwd: packed.project,
      env: cleanEnv(),
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
    expect(r.exitCode).toBe(0);
    const json = JSON.parse(r.stdout) as {
      status: string;
      stages: { environment: string; status: string; changes: { add: number } }[];
    };
    expect(json.status).toBe('succeeded');
    expect(json.stages.map((s) => [s.environment, s.status, s.changes.add])).toEqual([
      ['ops', 'applied', 2],
      ['apps', 'planned', 2],
    ]);
  });

  it('loads no cdktf, terraform code, execa, tsx, table or colour library for --help or a usage error', async () => {
    const bin = path.join(packed.project, 'node_modules', 'cdktf-gitops', 'bin', 'cdktf-gitops');
    const help = await runRecordingModules(bin, ['--help'], { cwd: packed.project, env: cleanEnv() });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: cdktf-gitops');
    expect(help.modules.some((m) => m.includes('/dist/pipeline/cli/main.js'))).toBe(true);
    expect(heavyModules(help.modules, [...HEAVY, '/node_modules/tsx/'])).toEqual([]);
    const usage = await runRecordingModules(bin, ['run', '--no-such-option'], { cwd: packed.project, env: cleanEnv() });
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain("unknown option '--no-such-option'");
    expect(heavyModules(usage.modules, [...HEAVY, '/node_modules/tsx/'])).toEqual([]);
    // The check sees through the bundle: a command that runs git loads execa's sources, bundled in dist/.
    const explain = await runRecordingModules(bin, ['explain', '--ref', 'refs/heads/main'], {
      cwd: packed.project,
      env: cleanEnv(),
    });
    expect(explain.exitCode).toBe(0);
    expect(explain.modules.some((m) => m.includes('/node_modules/execa/'))).toBe(false);
    expect(heavyModules(explain.modules, ['/node_modules/execa/']).length).toBeGreaterThan(0);
  });
});
