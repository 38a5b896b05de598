import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { cli } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { useExampleRepo } from '../helpers/example-repo.js';
import { readLines } from '../helpers/files.js';
import { manyResourcesMainTs } from '../helpers/many-resources.js';
import { ROOT } from '../helpers/paths.js';
import { withTerraformLog } from '../helpers/terraform-log.js';

// Fast path: terraform's version is asked once per process, while the project loads (the CLI) or
// bundles (the app command), and that one answer serves the pipeline's own check and cdktf's.

describe('the version asked while the project loads', () => {
  const repo = useExampleRepo({ mainTs: manyResourcesMainTs() });

  it("is a main-branch run's only version call: the pipeline's check and cdktf's use it", async () => {
    await withTerraformLog({}, async (tf) => {
      const r = await cli(repo.dir, ['run', '--ref', 'refs/heads/main', '--json'], tf.env());
      expect(r.exitCode).toBe(0);
      // 2 environments × 21 resources with cdktf's version check each, and the pipeline's own check.
      expect(tf.count('version')).toBe(1);
      expect(tf.calls()[0]).toBe('version -json');
    });
  });

  it('is the only one of the app command (bin/cdktf-gitops-app), asked with -json before cdktf asks', async () => {
    await withTerraformLog({}, async (tf) => {
      const app = path.join(ROOT, 'bin', 'cdktf-gitops-app');
      const r = await execa(process.execPath, [app, 'main.ts'], {
        cwd: repo.dir,
        env: cleanEnv(tf.env()),
        extendEnv: false,
        reject: false,
      });
      expect(r.exitCode).toBe(0);
      expect(existsSync(path.join(repo.dir, 'cdktf.out', 'stacks', 'apps', 'cdk.tf.json'))).toBe(true);
      expect(tf.calls()).toEqual(['version -json']);
    });
  });

  it('does not stop a command that runs no terraform: explain without terraform on PATH', async () => {
    const r = await cli(repo.dir, ['explain', '--ref', 'refs/heads/main'], {
      TERRAFORM_BINARY: '/nonexistent/terraform',
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('ops (workspace ops)');
  });

  it("reports a missing terraform when a command needs it, in the runner's words", async () => {
    const r = await cli(repo.dir, ['run', '--ref', 'refs/heads/main'], { TERRAFORM_BINARY: '/nonexistent/terraform' });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('/nonexistent/terraform');
  });
});

describe('explain of a project of one unnamed stack per environment', () => {
  const repo = useExampleRepo();

  it('builds the app without synthesizing it, and leaves no cdktf.out behind', async () => {
    expect(existsSync(path.join(repo.dir, 'cdktf.out'))).toBe(false);
    const r = await cli(repo.dir, ['explain', '--ref', 'refs/heads/main', '--json']);
    expect(r.exitCode).toBe(0);
    expect((JSON.parse(r.stdout) as { stages: { environment: string }[] }).stages.map((s) => s.environment)).toEqual([
      'ops',
      'apps',
    ]);
    expect(existsSync(path.join(repo.dir, 'cdktf.out'))).toBe(false);
  });
});

describe('explain of a project of named stacks', () => {
  // Each build of the app appends a line to built.log: explain must build it once, synthesizing it then.
  const repo = useExampleRepo({
    mainTs: `import { appendFileSync } from 'node:fs';
import { DataResource } from 'cdktf';
import { defineProject, EnvironmentStack, isEntrypoint } from 'cdktf-gitops';

export const project = defineProject({
  environments: ['ops', 'apps'],
  stacks: (app) => {
    appendFileSync(new URL('./built.log', import.meta.url), 'built\\n');
    for (const env of ['ops', 'apps']) {
      const a = new EnvironmentStack(app, env, { stack: 'a' });
      const network = new DataResource(a, 'network', { input: env });
      const b = new EnvironmentStack(app, env, { stack: 'b' });
      new DataResource(b, 'service', { input: network.output });
    }
  },
});

if (isEntrypoint(import.meta.url)) project.createApp().synth();
`,
  });

  it('builds the app once and finds the cross-stack dependency', async () => {
    const r = await cli(repo.dir, ['explain', '--ref', 'refs/heads/main', '--json']);
    expect(r.exitCode).toBe(0);
    const explained = JSON.parse(r.stdout) as { stages: { stacks?: { stack: string; dependsOn: string[] }[] }[] };
    expect(explained.stages[0]?.stacks).toEqual([
      { stack: 'a', dependsOn: [] },
      { stack: 'b', dependsOn: ['a'] },
    ]);
    expect(readLines(path.join(repo.dir, 'built.log'))).toEqual(['built']);
  });
});
