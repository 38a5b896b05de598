// `cdktf-gitops init` through the real CLI: a project that type-checks and synthesizes, never an overwrite.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { cli } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { linkNodeModules } from '../helpers/example-repo.js';
import { ROOT } from '../helpers/paths.js';
import { useTempDir } from '../helpers/temp-dir.js';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** The resources of a synthesized stack of `project`. */
function resources(project: string, stack: string): Resources {
  const file = path.join(project, 'cdktf.out', 'stacks', stack, 'cdk.tf.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { resource: Resources }).resource;
}

describe('cdktf-gitops init (kubernetes, the default)', () => {
  const dir = useTempDir('cdktf-gitops-init-');
  const project = () => path.join(dir(), 'infra');

  it('writes the project and prints the three commands that follow', async () => {
    const r = await cli(dir(), ['init', 'infra', '--ci', 'both']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(
      'wrote package.json, tsconfig.json, cdktf.json, main.ts, .gitignore, ' +
        `.github/workflows/cdktf-gitops.yml, .gitlab-ci.yml in ${project()}`,
    );
    const next = r.stdout.slice(r.stdout.indexOf('Next:\n') + 'Next:\n'.length).split('\n');
    expect(next).toEqual([
      '  cd infra && npm install',
      '  git init -b main && git add -A && git commit -m "Start a cdktf-gitops project"',
      '  npx cdktf-gitops run     # on main: applies ops (kubeconfig context ops)',
    ]);
    expect(JSON.parse(readFileSync(path.join(project(), 'package.json'), 'utf8'))).toMatchObject({ name: 'infra' });
  });

  it('type-checks against this package and the provider (the pipeline bundles main.ts unchecked)', async () => {
    linkNodeModules(project());
    const tsc = await execa(path.join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.'], {
      cwd: project(),
      env: cleanEnv(),
      extendEnv: false,
      reject: false,
    });
    expect({ exitCode: tsc.exitCode, stdout: tsc.stdout }).toEqual({ exitCode: 0, stdout: '' });
  });

  it('synthesizes two stacks per environment, the last inheriting the second and overriding it', async () => {
    const r = await cli(project(), ['synth']);
    expect(r.exitCode).toBe(0);
    expect(readdirSync(path.join(project(), 'cdktf.out', 'stacks')).sort()).toEqual([
      'apps-platform',
      'apps-prod-platform',
      'apps-prod-services',
      'apps-services',
      'ops-platform',
      'ops-services',
    ]);
    const [deployment] = Object.values(resources(project(), 'apps-prod-services').kubernetes_deployment_v1!);
    const spec = deployment as { spec: { replicas: unknown }; metadata: { labels: Record<string, string> } };
    // replicas overridden; the tier label inherited from apps, which overrode the base.
    expect(spec.spec.replicas).toBe('3');
    expect(spec.metadata.labels['example.com/tier']).toBe('external');
    const [quota] = Object.values(resources(project(), 'apps-prod-platform').kubernetes_resource_quota_v1!);
    expect((quota as { spec: { hard: Record<string, string> } }).spec.hard.pods).toBe('60');
  });

  it("writes the CI files that `ci --check` expects from the project's main.ts", async () => {
    const r = await cli(project(), ['ci', '--check']);
    expect(r.exitCode).toBe(0);
  });
});

describe('cdktf-gitops init never overwrites', () => {
  const dir = useTempDir('cdktf-gitops-init-', { each: true });

  it('is exit 2 naming an existing main.ts, and writes nothing', async () => {
    writeFileSync(path.join(dir(), 'main.ts'), '// mine\n');
    const r = await cli(dir(), ['init', '--template', 'terraform-data']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/already has main\.ts: nothing was written \(--force overwrites it\)/);
    expect(readdirSync(dir())).toEqual(['main.ts']);
    expect(readFileSync(path.join(dir(), 'main.ts'), 'utf8')).toBe('// mine\n');
  });

  it('names every existing file', async () => {
    mkdirSync(path.join(dir(), '.github', 'workflows'), { recursive: true });
    writeFileSync(path.join(dir(), '.github/workflows/cdktf-gitops.yml'), 'x\n');
    writeFileSync(path.join(dir(), 'package.json'), '{}\n');
    const r = await cli(dir(), ['init']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('already has package.json, .github/workflows/cdktf-gitops.yml: nothing was written');
  });

  it('overwrites with --force', async () => {
    writeFileSync(path.join(dir(), 'main.ts'), '// mine\n');
    const r = await cli(dir(), ['init', '--template', 'terraform-data', '--force']);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(path.join(dir(), 'main.ts'), 'utf8')).toContain('defineProject');
  });

  it.each([
    [['--environments', 'ops,Apps'], /"Apps" is invalid/],
    [['--template', 'helm'], /unknown template "helm"/],
    [['--main-branch', 'a..b'], /main branch name "a..b" is invalid/],
    [['--ci', 'jenkins'], /unknown --ci "jenkins"/],
  ])('%j is exit 2 before anything is written', async (args, problem) => {
    const r = await cli(dir(), ['init', 'new', ...args]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(problem);
    expect(existsSync(path.join(dir(), 'new'))).toBe(false);
  });
});
