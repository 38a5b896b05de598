import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { cli } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { useExampleRepo } from '../helpers/example-repo.js';
import { manyResourcesMainTs } from '../helpers/many-resources.js';
import { CDKTN_EXAMPLE } from '../helpers/paths.js';
import { withTerraformLog } from '../helpers/terraform-log.js';

// A CDK Terrain (cdktn) project: real cdktn constructs, cdktn's own CLI, and the fast path.

/** cdktn-cli 0.24 declares Node >= 22; on Node 20 only undici's `markAsUncloneable` is missing at start-up. */
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/** The environment of an `npx cdktn` call: no telemetry (nothing is reachable), the Node 20 shim if needed. */
function cdktnEnv(dir: string): Record<string, string> {
  const env: Record<string, string> = { CHECKPOINT_DISABLE: '1', CI: '1' };
  if (NODE_MAJOR < 22) {
    const shim = path.join(dir, 'node20-shim.cjs');
    writeFileSync(shim, "const wt = require('node:worker_threads');\nwt.markAsUncloneable ??= () => {};\n");
    env.NODE_OPTIONS = `--require ${shim}`;
  }
  return cleanEnv(env);
}

describe('the cdktn example', () => {
  const repo = useExampleRepo({ example: CDKTN_EXAMPLE });

  it("builds cdktn's own constructs and never loads cdktf", async () => {
    const probe = `
      import { createRequire } from 'node:module';
      import { App, TerraformStack } from 'cdktn';
      import { project } from './main.ts';
      const app = project.createApp({ outdir: 'probe.out' });
      const stacks = app.node.children;
      const require = createRequire(import.meta.url);
      console.log(JSON.stringify({
        app: app instanceof App,
        stacks: stacks.map((s) => [s.node.id, s instanceof TerraformStack, TerraformStack.isStack(s)]),
        cdktf: Object.keys(require.cache).filter((f) => f.includes('/node_modules/cdktf/lib/index.js')),
      }));
    `;
    const r = await execa('node', ['--import', 'tsx', '--input-type=module', '-e', probe], {
      cwd: repo.dir,
      env: cleanEnv(),
      extendEnv: false,
    });
    expect(JSON.parse(r.stdout)).toEqual({
      app: true,
      stacks: [
        ['ops', true, true],
        ['apps', true, true],
        ['apps-prod', true, true],
      ],
      cdktf: [],
    });
  });

  it('synthesizes with `npx cdktn synth`, offline, into cdktf.out/stacks/<env>', async () => {
    const r = await execa('npx', ['cdktn', 'synth'], {
      cwd: repo.dir,
      env: cdktnEnv(repo.dir),
      extendEnv: false,
      reject: false,
    });
    expect({ exitCode: r.exitCode, stdout: r.stdout }).toMatchObject({
      exitCode: 0,
      stdout: expect.stringMatching(/Generated Terraform code for the stacks: apps, apps-prod, ops/),
    });
    for (const env of ['ops', 'apps', 'apps-prod']) {
      const json = JSON.parse(readFileSync(path.join(repo.dir, 'cdktf.out', 'stacks', env, 'cdk.tf.json'), 'utf8'));
      expect(json['//'].metadata).toMatchObject({ stackName: env, version: '0.24.0', backend: 'local' });
      expect(Object.keys(json.resource.terraform_data).sort()).toEqual(['cdktf_gitops_deployment', 'dns', 'web']);
      expect(json.resource.terraform_data.cdktf_gitops_deployment.depends_on.sort()).toEqual([
        'terraform_data.dns',
        'terraform_data.web',
      ]);
      expect(path.resolve(repo.dir, 'cdktf.out', 'stacks', env, json.terraform.backend.local.workspace_dir)).toBe(
        path.join(repo.dir, '.terraform-state', 'workspaces'),
      );
    }
  }, 240_000);
});

/** A cdktn project with 20 resources per environment. */
const manyResources = manyResourcesMainTs({ library: 'cdktn' });

describe("cdktn's terraform version check", () => {
  const repo = useExampleRepo({ example: CDKTN_EXAMPLE, mainTs: manyResources });

  it('runs once per synth, not once per terraform_data resource', async () => {
    await withTerraformLog({}, async (tf) => {
      const r = await cli(repo.dir, ['synth'], tf.env());
      expect(r.exitCode).toBe(0);
      // 2 environments × (20 resources + the deployment record) validations, one terraform call.
      expect(tf.count('version')).toBe(1);
      expect(existsSync(path.join(repo.dir, 'cdktf.out', 'stacks', 'apps', 'cdk.tf.json'))).toBe(true);
    });
  });

  it('still refuses a terraform too old for terraform_data', async () => {
    await withTerraformLog({ version: '1.3.9' }, async (tf) => {
      const r = await cli(repo.dir, ['synth'], tf.env());
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/terraform version 1\.3\.9 is lower than the required version >=1\.4/);
    });
  });
});
