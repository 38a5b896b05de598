import { appendFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import type { CliResult } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { git, initRepo } from '../helpers/git.js';
import { installedManifest, writeOfflineInstall } from './offline-lock.js';
import { EXAMPLE } from '../helpers/paths.js';
import { installConsumer, packTarball, type PackedTarball } from './pack.js';

// A user's first project, end to end: `init` from the installed package, `npm ci` of the packed tarball
// (offline), a commit on main, and `npx cdktf-gitops run` applying the first environment with the real
// terraform; the CI files it wrote name the deploy tags and pass `ci --check` until edited by hand.

const WORKFLOW = '.github/workflows/cdktf-gitops.yml';
const GITLAB = '.gitlab-ci.yml';

let packed: PackedTarball;
/** A project that installed the tarball: `init` runs from its copy of the package. */
let base: string;
let project: string;
let init: CliResult;
/** The package.json as init wrote it (before it is pointed at the tarball). */
let written: { dependencies: Record<string, string> };

const env = () => cleanEnv({ npm_config_audit: 'false', npm_config_fund: 'false', npm_config_offline: 'true' });
const run = (file: string, args: string[]) =>
  execa(file, args, { cwd: project, env: env(), extendEnv: false, reject: false, stdin: 'ignore' });

beforeAll(async () => {
  packed = await packTarball();
  const dependencies = { cdktf: '0.21.0', constructs: '10.6.0' };
  base = await installConsumer(packed, { name: 'base', example: EXAMPLE, dependencies });
  project = path.join(packed.dir, 'infra');
  const bin = path.join(base, 'node_modules', 'cdktf-gitops', 'bin', 'cdktf-gitops');
  const args = [bin, 'init', project, '--template', 'terraform-data', '--ci', 'both'];
  const r = await execa(process.execPath, args, { cwd: packed.dir, env: env(), extendEnv: false, reject: false });
  init = { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
  if (init.exitCode !== 0) return;
  written = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as typeof written;
  writeOfflineInstall(project, packed.tarball, installedManifest(base));
  const install = await run('npm', ['ci', '--offline']);
  if (install.exitCode !== 0) throw new Error(`npm ci --offline failed:\n${install.stdout}\n${install.stderr}`);
  await initRepo(project);
  await git(project, 'add', '-A');
  await git(project, 'commit', '-q', '-m', 'Start a cdktf-gitops project');
}, 900_000);

afterAll(() => packed?.remove());

describe('a project started with init from the packed tarball', () => {
  it('is written by the installed package', () => {
    expect({ exitCode: init.exitCode, stderr: init.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(init.stdout).toContain('npx cdktf-gitops run     # on main: applies ops (local state)');
    expect(written.dependencies['cdktf-gitops']).toBe(installedManifest(base).version);
  });

  it('type-checks against the installed package (npx tsc --noEmit)', async () => {
    const tsc = await run('npx', ['tsc', '--noEmit']);
    expect({ exitCode: tsc.exitCode, stdout: tsc.stdout }).toEqual({ exitCode: 0, stdout: '' });
  });

  it('applies the first environment on main (npx cdktf-gitops run, real terraform)', async () => {
    const r = await run('npx', ['cdktf-gitops', 'run', '--json']);
    const result = JSON.parse(r.stdout) as { status: string; stages: { environment: string; status: string }[] };
    expect({ exitCode: r.exitCode, status: result.status }).toEqual({ exitCode: 0, status: 'succeeded' });
    expect(result.stages.map((s) => [s.environment, s.status])).toEqual([
      ['ops', 'applied'],
      ['apps', 'planned'],
    ]);
  });

  it("writes CI files that name its environments' deploy tags", () => {
    expect(readFileSync(path.join(project, WORKFLOW), 'utf8')).toContain(
      "    tags: ['apps-deploy-*', 'apps-prod-deploy-*']\n",
    );
    const gitlab = readFileSync(path.join(project, GITLAB), 'utf8');
    expect(gitlab).toContain('- if: $CI_COMMIT_TAG =~ /^apps-deploy-/\n');
    expect(gitlab).toContain('- if: $CI_COMMIT_TAG =~ /^apps-prod-deploy-/\n');
  });

  it('passes `ci --check`, and fails it (exit 1, naming the file) once a file is edited by hand', async () => {
    const clean = await run('npx', ['cdktf-gitops', 'ci', '--check']);
    expect(clean.exitCode).toBe(0);
    appendFileSync(path.join(project, WORKFLOW), '# hand edit\n');
    const edited = await run('npx', ['cdktf-gitops', 'ci', '--check']);
    expect(edited.exitCode).toBe(1);
    expect(edited.stderr).toContain(`${WORKFLOW} differs from what \`cdktf-gitops ci\` writes`);
    expect(edited.stderr).not.toContain(GITLAB);
  });
});
