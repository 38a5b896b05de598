import * as fs from 'node:fs';
import * as path from 'node:path';
import { defineProject, EnvironmentConfigError } from '../../stacks/index.js';
import { project } from '../../main.js';
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

  it('builds one Kubernetes stack per environment when asked, without synthesizing', () => {
    const app = project.createApp({ outdir });
    expect(app.node.children.map((c) => c.node.id)).toEqual(['ops', 'apps', 'apps-prod']);
    expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  });
});
