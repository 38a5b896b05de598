import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { cleanEnv } from '../helpers/env.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { ROOT } from '../helpers/paths.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { heavyModules, HEAVY, runRecordingModules } from './modules.js';

// bin/cdktf-gitops runs dist/ when it is current, else the sources through tsx. Tested on a package
// directory that links this checkout's sources and node_modules and holds a fake dist/ whose CLI
// announces itself, so the choice is visible without building.

let pkg: string;
const bin = () => path.join(pkg, 'bin', 'cdktf-gitops');
const fakeCli = () => path.join(pkg, 'dist', 'pipeline', 'cli', 'main.js');

beforeEach(() => {
  pkg = makeTempDir('cdktf-gitops-bin-');
  mkdirSync(path.join(pkg, 'bin'));
  copyFileSync(path.join(ROOT, 'bin', 'cdktf-gitops'), bin());
  copyFileSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
  for (const name of ['index.ts', 'kubernetes.ts', 'pipeline', 'stacks', 'node_modules'])
    symlinkSync(path.join(ROOT, name), path.join(pkg, name));
});

afterEach(() => removeDir(pkg));

/** A dist/ whose CLI prints `compiled` and whose index throws: loading it is visible. */
function writeFakeDist(): void {
  mkdirSync(path.dirname(fakeCli()), { recursive: true });
  mkdirSync(path.join(pkg, 'dist', 'pipeline', 'project'), { recursive: true });
  writeFileSync(fakeCli(), "export async function main() { process.stdout.write('compiled\\n'); return 0; }\n");
  writeFileSync(
    path.join(pkg, 'dist', 'pipeline', 'project', 'import-entry.js'),
    'export function registerTsxOnDemand() {}\n',
  );
  writeFileSync(path.join(pkg, 'dist', 'index.js'), "throw new Error('the stale dist/ was loaded');\n");
}

const run = (args: string[], env: Record<string, string> = {}, cwd = pkg) =>
  execa(process.execPath, [bin(), ...args], {
    cwd,
    env: cleanEnv(env),
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });

describe('bin/cdktf-gitops', () => {
  it('runs the sources through tsx when dist/ is missing', async () => {
    const r = await run(['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Usage: cdktf-gitops');
  });

  it('runs dist/ when it is newer than every source', async () => {
    writeFakeDist();
    const r = await run(['--help']);
    expect(r.stdout).toBe('compiled');
  });

  it('runs the sources when dist/ is older than a source file, or when CDKTF_GITOPS_FROM_SOURCE=1', async () => {
    writeFakeDist();
    const old = new Date('2000-01-01T00:00:00Z');
    utimesSync(fakeCli(), old, old);
    expect((await run(['--help'])).stdout).toContain('Usage: cdktf-gitops');
    writeFakeDist();
    expect((await run(['--help'], { CDKTF_GITOPS_FROM_SOURCE: '1' })).stdout).toContain('Usage: cdktf-gitops');
  });

  describe('running from sources', () => {
    let repo: ExampleRepo;
    beforeEach(async () => {
      repo = await exampleRepo();
      // The example imports 'cdktf-gitops' by name: point that name at the package directory under test.
      rmSync(path.join(repo.dir, 'node_modules'));
      mkdirSync(path.join(repo.dir, 'node_modules'));
      symlinkSync(pkg, path.join(repo.dir, 'node_modules', 'cdktf-gitops'));
      for (const name of ['cdktf', 'constructs'])
        symlinkSync(path.join(ROOT, 'node_modules', name), path.join(repo.dir, 'node_modules', name));
    });
    afterEach(() => repo.remove());

    it("resolves a project's import of 'cdktf-gitops' to the sources too, never to a stale dist/", async () => {
      writeFakeDist();
      const old = new Date('2000-01-01T00:00:00Z');
      utimesSync(fakeCli(), old, old);
      const r = await run(['explain', '--ref', 'refs/heads/main', '--json'], {}, repo.dir);
      expect(r.stderr).not.toContain('stale dist');
      expect(r.exitCode).toBe(0);
      expect((JSON.parse(r.stdout) as { stages: { environment: string }[] }).stages.map((s) => s.environment)).toEqual([
        'ops',
        'apps',
      ]);
    });
  });

  it('loads no cdktf, terraform code, execa, table or colour library for --help from sources', async () => {
    const help = await runRecordingModules(bin(), ['--help'], { cwd: pkg, env: cleanEnv() });
    expect(help.exitCode).toBe(0);
    expect(help.modules.some((m) => m.endsWith('/pipeline/cli/main.ts'))).toBe(true);
    expect(heavyModules(help.modules, HEAVY)).toEqual([]);
  });

  it('carries on to its own exit code when the reader of its output goes away (`| head`)', async () => {
    writeFakeDist();
    const marker = path.join(pkg, 'finished');
    // A CLI that writes far more than a pipe holds, pauses, writes again, then records that it finished.
    writeFileSync(
      fakeCli(),
      "import { writeFileSync } from 'node:fs';\n" +
        'const lines = () => { for (let i = 0; i < 500; i++) process.stdout.write("x".repeat(999) + "\\n"); };\n' +
        'export async function main() {\n' +
        '  lines();\n' +
        '  await new Promise((resolve) => setTimeout(resolve, 300));\n' +
        '  lines();\n' +
        `  writeFileSync(${JSON.stringify(marker)}, 'finished');\n` +
        '  return 3;\n' +
        '}\n',
    );
    const child = execa(process.execPath, [bin(), 'status'], {
      cwd: pkg,
      env: cleanEnv(),
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      stdout: 'pipe',
    });
    child.stdout.destroy();
    const r = await child;
    expect(r.exitCode).toBe(3);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(existsSync(marker)).toBe(true);
  });
});
