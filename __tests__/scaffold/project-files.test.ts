// The files `init` writes, as text: dependencies, the app command, CI files for the chosen systems.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { githubWorkflow } from '../../pipeline/ci-files/github-workflow.js';
import { gitlabCi } from '../../pipeline/ci-files/gitlab-ci.js';
import { parseInitOptions } from '../../pipeline/scaffold/options.js';
import { packageName, projectFiles } from '../../pipeline/scaffold/project-files.js';
import {
  KUBERNETES_PROVIDER,
  ownVersion,
  PROJECT_DEPENDENCIES,
  PROJECT_DEV_DEPENDENCIES,
} from '../../pipeline/scaffold/versions.js';
import { ROOT } from '../helpers/paths.js';

interface Manifest {
  name: string;
  version: string;
  type?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const own = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const identity = { name: 'infra', version: '9.9.9' };
const json = (text: string | undefined) => JSON.parse(text!) as Manifest & Record<string, unknown>;

describe('projectFiles', () => {
  it('writes the project files and the GitHub workflow by default', () => {
    expect(Object.keys(projectFiles(parseInitOptions({}), identity))).toEqual([
      'package.json',
      'tsconfig.json',
      'cdktf.json',
      'main.ts',
      '.gitignore',
      '.github/workflows/cdktf-gitops.yml',
    ]);
  });

  it.each([
    ['gitlab', ['.gitlab-ci.yml']],
    ['both', ['.github/workflows/cdktf-gitops.yml', '.gitlab-ci.yml']],
    ['none', []],
  ])('--ci %s writes %j', (ci, files) => {
    const written = Object.keys(projectFiles(parseInitOptions({ ci }), identity));
    expect(written.filter((f) => f.endsWith('.yml'))).toEqual(files);
  });

  it("writes the CI files the generator writes for the project's environments and main branch", () => {
    const options = parseInitOptions({
      template: 'terraform-data',
      environments: 'dev,qa,prod-eu',
      mainBranch: 'trunk',
      ci: 'both',
    });
    const files = projectFiles(options, identity);
    expect(files['.github/workflows/cdktf-gitops.yml']).toBe(githubWorkflow(options));
    expect(files['.gitlab-ci.yml']).toBe(gitlabCi(options));
    expect(files['main.ts']).toContain("mainBranch: 'trunk',");
    expect(files['main.ts']).toContain("{ name: 'prod-eu', inherits: 'qa',");
  });

  it('depends on cdktf-gitops at this version, cdktf and constructs; develops with tsx and typescript', () => {
    const files = projectFiles(parseInitOptions({ template: 'terraform-data' }), identity);
    const manifest = json(files['package.json']);
    expect(manifest).toMatchObject({ name: 'infra', private: true, type: 'module' });
    expect(manifest.dependencies).toEqual({ cdktf: '0.21.0', 'cdktf-gitops': '9.9.9', constructs: '^10.4.2' });
    expect(Object.keys(manifest.devDependencies!)).toEqual(['@types/node', 'tsx', 'typescript']);
  });

  it('adds the Kubernetes provider for the kubernetes template only, imported by deep path', () => {
    const files = projectFiles(parseInitOptions({}), identity);
    expect(json(files['package.json']).dependencies).toMatchObject({ '@cdktf/provider-kubernetes': '12.1.1' });
    expect(files['main.ts']).toContain("from 'cdktf-gitops/kubernetes'");
    // The package's index loads every resource class: never import it.
    expect(files['main.ts']).not.toMatch(/from '@cdktf\/provider-kubernetes'/);
  });

  it('runs main.ts through the fast app command and keeps generated files out of Git', () => {
    const files = projectFiles(parseInitOptions({}), identity);
    expect(json(files['cdktf.json'])).toMatchObject({
      language: 'typescript',
      app: 'node node_modules/cdktf-gitops/bin/cdktf-gitops-app main.ts',
      projectId: 'infra',
    });
    expect(files['.gitignore']!.split('\n')).toEqual(
      expect.arrayContaining(['node_modules/', 'cdktf.out/', '.terraform-state/']),
    );
    expect(json(files['tsconfig.json'])).toMatchObject({ compilerOptions: { strict: true, noEmit: true } });
  });
});

describe('versions', () => {
  const pinned = { ...own.dependencies, ...own.devDependencies };
  const caret = (version: string) => version.replace(/^\^/, '');

  it('depends on this package at its own version', () => {
    expect(ownVersion()).toBe(own.version);
  });

  it('gives new projects the versions this package is built and tested with', () => {
    expect(PROJECT_DEPENDENCIES.cdktf).toBe(pinned.cdktf);
    expect(KUBERNETES_PROVIDER['@cdktf/provider-kubernetes']).toBe(pinned['@cdktf/provider-kubernetes']);
    for (const [name, range] of Object.entries(PROJECT_DEV_DEPENDENCIES))
      expect([name, caret(range)]).toEqual([name, pinned[name]]);
  });

  it("accepts this package's constructs, down to the lowest that cdktf 0.21 accepts", () => {
    expect(PROJECT_DEPENDENCIES.constructs).toBe('^10.4.2');
    const [major, minor] = pinned.constructs!.split('.').map(Number);
    expect(major === 10 && minor! >= 4).toBe(true);
  });
});

describe('packageName', () => {
  it.each([
    ['infra', 'infra'],
    ['My Infra', 'my-infra'],
    ['_x', 'x'],
    ['node_modules', 'cdktf-gitops-project'],
    ['...', 'cdktf-gitops-project'],
    ['a.b_c', 'a.b_c'],
  ])('%j → %j', (dir, name) => {
    expect(packageName(dir)).toBe(name);
  });
});
