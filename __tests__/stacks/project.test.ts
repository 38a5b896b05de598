import * as fs from 'node:fs';
import * as path from 'node:path';
import { defineProject, EnvironmentConfigError } from '../../stacks/index.js';
import { project } from '../../main.js';
import { environmentStacks } from '../../pipeline/project/environment-stacks.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';

describe('defineProject', () => {
  it('rejects invalid environment names with an EnvironmentConfigError', () => {
    const define = () => defineProject({ environments: ['ops', 'apps-deploy'], stacks: () => undefined });
    expect(define).toThrow(EnvironmentConfigError);
    expect(define).toThrow('environment name "apps-deploy" contains "-deploy"');
  });

  it('rejects a single environment', () => {
    expect(() => defineProject({ environments: ['ops'], stacks: () => undefined })).toThrow(
      'only one environment ("ops") is defined',
    );
  });
});

const STACK_IDS = ['ops', 'apps', 'apps-prod'].flatMap((env) => [`${env}-platform`, `${env}-services`]);

describe('main.ts', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = path.join(makeTempDir('main-test-'), 'cdktf.out');
  });
  afterAll(() => removeDir(path.dirname(outdir)));

  it('exports the project with the default environments', () => {
    expect(project.environments).toEqual(['ops', 'apps', 'apps-prod']);
    expect(project.mainBranch).toBe('main');
  });

  it('builds a platform and a services Kubernetes stack per environment when asked, without synthesizing', () => {
    const app = project.createApp({ outdir });
    expect(app.node.children.map((c) => c.node.id)).toEqual(STACK_IDS);
    expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  });

  it('synthesizes <env>-platform and <env>-services for every environment, services depending on platform', () => {
    const app = project.createApp({ outdir });
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { dependencies: string[] }>;
    };
    expect(Object.keys(manifest.stacks).sort()).toEqual([...STACK_IDS].sort());
    for (const env of project.environments) {
      expect(manifest.stacks[`${env}-platform`]!.dependencies).toEqual([]);
      expect(manifest.stacks[`${env}-services`]!.dependencies).toEqual([`${env}-platform`]);
    }
    // What the pipeline runs: each environment's stacks in order, with their dependencies.
    const stacks = environmentStacks(app, project.environments, outdir);
    expect(Object.keys(stacks)).toEqual(['ops', 'apps', 'apps-prod']);
    for (const env of project.environments) {
      expect(stacks[env]!.map((s) => `${s.name} <- [${s.dependsOn.join(',')}]`)).toEqual([
        'platform <- []',
        'services <- [platform]',
      ]);
    }
  });
});
