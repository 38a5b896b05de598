import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { runStack } from '../../pipeline/execute/run-stack.js';
import type { PipelineEvent } from '../../pipeline/model.js';
import { Terraform } from '../../pipeline/terraform/index.js';
import { DEPLOYMENT_RECORD_NAME, parseDeploymentRecord } from '../../stacks/deployment-record.js';
import { stackRunAt, synthProject } from '../helpers/terraform-project.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';

// Another run applies between a stage's plan and its apply: the stage plans again instead of failing.

describe('a stage whose saved plan went stale (stage, real terraform)', () => {
  let dir: string;
  afterAll(() => removeDir(dir));

  it('plans again against the new state and applies only what is left (the record)', async () => {
    dir = makeTempDir('cdktf-gitops-stale-');
    const project = await synthProject({ dir, environments: ['ops', 'apps'], resources: 2 });
    const stackDir = project.stackDir('ops');
    const otherRecord = JSON.stringify({
      version: 1,
      commit: 'b'.repeat(40),
      ref: 'refs/heads/main',
      trigger: 'main',
      time: '2026-01-01T00:00:00Z',
    });
    const events: PipelineEvent[] = [];
    let interloper: number | null | undefined;
    const emit = (event: PipelineEvent) => {
      events.push(event);
      // Right after the stage's first plan, another run applies everything (synchronously, so before our apply).
      if (event.type === 'plan-summary' && interloper === undefined) {
        const args = [
          'apply',
          '-auto-approve',
          '-input=false',
          '-no-color',
          '-var',
          `${DEPLOYMENT_RECORD_NAME}=${otherRecord}`,
        ];
        interloper = spawnSync('terraform', args, {
          cwd: stackDir,
          env: { ...process.env, TF_IN_AUTOMATION: '1' },
          stdio: 'ignore',
        }).status;
      }
    };
    const stage = await runStack(stackRunAt(stackDir, 'ops'), { emit });

    expect(interloper).toBe(0);
    expect(events.filter((e) => e.type === 'warning').map((e) => (e as { message: string }).message)).toEqual([
      'ops: the state changed since the plan (another run applied); planning again',
    ]);
    // The second plan found the resources there: only the record is applied, and it names this stage's commit.
    expect(stage).toMatchObject({
      status: 'applied',
      changes: { add: 0, change: 0, destroy: 0 },
      record: { commit: 'a'.repeat(40) },
    });
    expect(events.filter((e) => e.type === 'plan-summary')).toHaveLength(2);
    const tf = new Terraform({ workingDir: stackDir });
    const outputs = await tf.output();
    expect(parseDeploymentRecord(String(outputs[DEPLOYMENT_RECORD_NAME]?.value))).toMatchObject({
      commit: 'a'.repeat(40),
    });
    // Both saved plans are gone (they hold sensitive values).
    expect(readdirSync(stackDir).filter((f) => f.endsWith('.tfplan'))).toEqual([]);
    expect(existsSync(path.join(dir, '.terraform-state', 'workspaces', 'ops', '.terraform.tfstate.lock.info'))).toBe(
      false,
    );
  });
});
