import * as path from 'node:path';
import { ConfigError, Pipeline, type GitopsProject, type PipelineEvent } from '../../index.js';
import { TerraformAbortedError } from '../../terraform.js';
import { cleanEnv } from '../helpers/env.js';
import { useExampleRepo } from '../helpers/example-repo.js';

// Jest cannot host tsx's loader, so the test imports the project itself and passes it in.
const open = async (dir: string, options: Partial<Parameters<typeof Pipeline.open>[0]> = {}) => {
  const { project } = (await import(path.join(dir, 'main.ts'))) as { project: GitopsProject };
  return Pipeline.open({ projectDir: dir, project, env: cleanEnv(), ...options });
};

// The library as a TypeScript user drives it: typed results, events, an AbortSignal.
describe('Pipeline (library API)', () => {
  const repo = useExampleRepo();

  it('explains, runs with events, and reports status', async () => {
    const events: PipelineEvent[] = [];
    const pipeline = await open(repo.dir, { onEvent: (e) => events.push(e) });
    expect(pipeline.environments).toEqual(['ops', 'apps', 'apps-prod']);
    const explained = await pipeline.explain({ ref: 'refs/tags/apps-deploy-1' });
    expect(explained.stages.map((s) => [s.environment, s.actions])).toEqual([
      ['apps', ['init', 'workspace-select', 'plan', 'apply']],
      ['apps-prod', ['init', 'workspace-select', 'plan']],
    ]);
    const result = await pipeline.run({ ref: 'refs/heads/main', signal: new AbortController().signal });
    expect(result.status).toBe('succeeded');
    expect(result.stages.map((s) => s.status)).toEqual(['applied', 'planned']);
    expect(
      events.filter((e) => e.type === 'stage-end').map((e) => (e.type === 'stage-end' ? e.stage.environment : '')),
    ).toEqual(['ops', 'apps']);
    expect(events.some((e) => e.type === 'terraform' && e.event.type === 'apply-progress')).toBe(true);
    const status = await pipeline.status();
    expect(status.map((s) => [s.environment, s.record?.commit === result.commit])).toEqual([
      ['ops', true],
      ['apps', false],
      ['apps-prod', false],
    ]);
  });

  it('an aborted signal stops the run before terraform changes anything', async () => {
    const pipeline = await open(repo.dir);
    const controller = new AbortController();
    controller.abort();
    // The promotion command names a tag made of the current time: everything else must stay the same.
    const records = async () =>
      (await pipeline.status()).map((s) => ({ ...s, pending: s.pending && { ...s.pending, command: undefined } }));
    const before = await records();
    await expect(pipeline.run({ ref: 'refs/heads/main', signal: controller.signal })).rejects.toBeInstanceOf(
      TerraformAbortedError,
    );
    expect(await records()).toEqual(before);
  });

  it('plans and applies one environment through plan() and apply(); the apply records trigger manual', async () => {
    const pipeline = await open(repo.dir);
    const planned = await pipeline.plan('apps');
    expect(planned.actions).toEqual(['init', 'workspace-select', 'plan']);
    expect(planned.status).toBe('planned');
    const applied = await pipeline.apply('apps');
    expect(applied.status).toBe('applied');
    expect(applied.record?.trigger).toBe('manual');
    await expect(pipeline.plan('nope')).rejects.toBeInstanceOf(ConfigError);
  });
});
