import * as path from 'node:path';
import { Pipeline, type GitopsProject, type PipelineEvent } from '../../index.js';
import { cli } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { useExampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { brief, runOutcome, type RunOutcome, type StageJson } from '../helpers/run-json.js';
import { stacksMainTs } from '../helpers/stacks-project.js';

// End to end with real terraform: environments made of three stacks, a chain a → b (b reads a's
// output through a cross-stack reference) and an independent c. The order, the concurrency, the skip
// on failure, plans that wait for unapplied dependencies, and the environment's record.

const runJson = async (repo: ExampleRepo, args: string[] = []): Promise<RunOutcome> =>
  runOutcome(await cli(repo.dir, ['run', '--json', ...args]));

/** `{ stack: status }` of one environment's stage. */
function stackStatuses(stage: StageJson | undefined): Record<string, string> {
  return Object.fromEntries((stage?.stacks ?? []).map((s) => [s.stack, s.status]));
}

interface StatusJson {
  environments: {
    environment: string;
    record: { commit: string } | null;
    partial?: string;
    stacks?: { stack: string; exists: boolean; record: { commit: string } | null }[];
  }[];
}

async function status(repo: ExampleRepo): Promise<StatusJson['environments']> {
  const r = await cli(repo.dir, ['status', '--json']);
  expect(r.exitCode).toBe(0);
  return (JSON.parse(r.stdout) as StatusJson).environments;
}

describe('an environment made of stacks a → b and c', () => {
  const repo = useExampleRepo({ mainTs: stacksMainTs({ value: 'v1', slowCSeconds: 4 }) });

  it('explain lists each stage’s stacks with what they depend on', async () => {
    const r = await cli(repo.dir, ['explain', '--ref', 'refs/heads/main', '--json']);
    expect(r.exitCode).toBe(0);
    const json = JSON.parse(r.stdout) as { stages: { environment: string; stacks: unknown }[] };
    const stacks = [
      { stack: 'a', dependsOn: [] },
      { stack: 'b', dependsOn: ['a'] },
      { stack: 'c', dependsOn: [] },
    ];
    expect(json.stages).toEqual([
      expect.objectContaining({ environment: 'ops', stacks }),
      expect.objectContaining({ environment: 'apps', stacks }),
    ]);
  });

  it('feature branch before any apply: b cannot be planned until a is applied, and says so', async () => {
    await git(repo.dir, 'checkout', '-q', '-b', 'feature/stacks');
    const outcome = await runJson(repo);
    expect(brief(outcome)).toMatchObject({ exitCode: 0, status: 'succeeded', stages: ['ops: planned'] });
    const ops = outcome.json.stages[0]!;
    expect(stackStatuses(ops)).toEqual({ a: 'planned', b: 'blocked-by-dependencies', c: 'planned' });
    const b = ops.stacks!.find((s) => s.stack === 'b')!;
    expect(b.unappliedDependencies).toEqual(['a']);
    // terraform's own reason (a's output does not exist yet), not an invented value.
    expect(b.error?.message).toMatch(/attribute|output/i);
    expect(await status(repo)).toEqual(expect.arrayContaining([expect.objectContaining({ record: null })]));
    await git(repo.dir, 'checkout', '-q', 'main');
  });

  it('main: applies a before b, c alongside them, and records ops only when all three applied', async () => {
    // The library API, for the events: when each stack started and ended.
    const { project } = (await import(path.join(repo.dir, 'main.ts'))) as { project: GitopsProject };
    const events: PipelineEvent[] = [];
    const pipeline = await Pipeline.open({
      projectDir: repo.dir,
      project,
      env: cleanEnv(),
      onEvent: (e) => events.push(e),
    });
    const result = await pipeline.run({ ref: 'refs/heads/main' });
    expect(result.status).toBe('succeeded');
    const ops = result.stages[0]!;
    expect(ops.stacks?.map((s) => [s.stack, s.status])).toEqual([
      ['a', 'applied'],
      ['b', 'applied'],
      ['c', 'applied'],
    ]);
    expect(ops.record?.commit).toBe(result.commit);
    const at = (type: 'stack-start' | 'stack-end', stack: string): number =>
      events.findIndex(
        (e) =>
          'environment' in e &&
          e.environment === 'ops' &&
          ((type === 'stack-start' && e.type === type && e.stack === stack) ||
            (type === 'stack-end' && e.type === type && e.result.stack === stack)),
      );
    // Order: b starts only after a ended. Concurrency: c (slow) started before a ended, and ends after b started.
    expect(at('stack-end', 'a')).toBeLessThan(at('stack-start', 'b'));
    expect(at('stack-start', 'c')).toBeLessThan(at('stack-end', 'a'));
    expect(at('stack-start', 'b')).toBeLessThan(at('stack-end', 'c'));
    // apps is only planned on main: b waits for a there too.
    expect(result.stages[1]?.stacks?.map((s) => s.status)).toEqual(['planned', 'blocked-by-dependencies', 'planned']);

    const [opsStatus] = await status(repo);
    expect(opsStatus?.record?.commit).toBe(result.commit);
    expect(opsStatus?.stacks?.map((s) => [s.stack, s.record?.commit])).toEqual([
      ['a', result.commit],
      ['b', result.commit],
      ['c', result.commit],
    ]);
  });

  it('feature branch changing a: b is planned against a’s current state and marked as not final', async () => {
    await git(repo.dir, 'checkout', '-q', '-b', 'feature/v2');
    await repo.commitFile('main.ts', stacksMainTs({ value: 'v2' }), 'v2');
    const outcome = await runJson(repo);
    expect(brief(outcome)).toMatchObject({ exitCode: 0, status: 'succeeded', stages: ['ops: planned'] });
    const ops = outcome.json.stages[0]!;
    expect(stackStatuses(ops)).toEqual({ a: 'planned', b: 'planned-with-unapplied-dependencies', c: 'planned' });
    expect(ops.stacks!.find((s) => s.stack === 'b')?.unappliedDependencies).toEqual(['a']);
    // A preview plans every environment's stacks the same way, and applies nothing.
    const preview = runOutcome(await cli(repo.dir, ['plan', '--all', '--json']));
    expect(preview.exitCode).toBe(0);
    expect(preview.json.stages.map((s) => [s.environment, stackStatuses(s)])).toEqual([
      ['ops', { a: 'planned', b: 'planned-with-unapplied-dependencies', c: 'planned' }],
      ['apps', { a: 'planned', b: 'blocked-by-dependencies', c: 'planned' }],
      ['apps-prod', { a: 'planned', b: 'blocked-by-dependencies', c: 'planned' }],
    ]);
    await git(repo.dir, 'checkout', '-q', 'main');
  });

  it('a failing stack skips its dependant, lets c apply, fails the run, and leaves ops without a record', async () => {
    const before = await git(repo.dir, 'rev-parse', 'HEAD');
    const commit = await repo.commitFile('main.ts', stacksMainTs({ value: 'v3', failA: true }), 'v3, broken');
    const outcome = await runJson(repo);
    expect(brief(outcome)).toMatchObject({ exitCode: 1, status: 'failed', stages: ['ops: failed', 'apps: skipped'] });
    expect(stackStatuses(outcome.json.stages[0])).toEqual({ a: 'failed', b: 'skipped', c: 'applied' });
    expect(outcome.json.message).toMatch(/^ops: a: /);

    const [ops] = await status(repo);
    expect(ops?.record).toBeNull();
    expect(ops?.partial).toMatch(/different applies/);
    expect(ops?.stacks?.map((s) => [s.stack, s.record?.commit])).toEqual([
      ['a', before],
      ['b', before],
      ['c', commit],
    ]);
    // The promotion gate sees no record of ops for this commit: a deploy tag is refused, with the reason.
    await git(repo.dir, 'tag', 'apps-deploy-broken', commit);
    const deploy = await runJson(repo, ['--ref', 'refs/tags/apps-deploy-broken']);
    expect(deploy.json.status).toBe('refused');
    expect(deploy.json.gate?.message).toMatch(
      /^ops never applied [0-9a-f]{12} through the pipeline \(its apply of [0-9a-f]{12} failed\) \(its stacks record/,
    );
  });

  it('the fix applies every stack; its deploy tag applies apps in order and plans apps-prod', async () => {
    const commit = await repo.commitFile('main.ts', stacksMainTs({ value: 'v4' }), 'v4');
    const main = await runJson(repo);
    expect(brief(main)).toMatchObject({ exitCode: 0, stages: ['ops: applied', 'apps: planned'] });
    expect(stackStatuses(main.json.stages[0])).toEqual({ a: 'applied', b: 'applied', c: 'applied' });
    expect(main.json.stages[0]?.record?.commit).toBe(commit);

    await git(repo.dir, 'tag', 'apps-deploy-v4', commit);
    const deploy = await runJson(repo, ['--ref', 'refs/tags/apps-deploy-v4']);
    expect(brief(deploy)).toMatchObject({ exitCode: 0, stages: ['apps: applied', 'apps-prod: planned'] });
    expect(stackStatuses(deploy.json.stages[0])).toEqual({ a: 'applied', b: 'applied', c: 'applied' });
    expect(deploy.json.stages[0]?.record?.commit).toBe(commit);
    const [, apps] = await status(repo);
    expect(apps?.record?.commit).toBe(commit);

    // Nothing changed since: a second main run applies nothing but the records it already has.
    const again = await runJson(repo);
    expect(stackStatuses(again.json.stages[0])).toEqual({ a: 'unchanged', b: 'unchanged', c: 'unchanged' });
  });
});
