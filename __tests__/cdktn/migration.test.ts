import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { CDKTN_EXAMPLE } from '../helpers/paths.js';
import { type StageJson, statusRecords } from '../helpers/run-json.js';

// The migration guide of docs/cdktn-opentofu.md, backed: a project applied with cdktf switches to cdktn on the same
// state; terraform sees the same configuration, and the records and the gate carry over.

async function run(repo: ExampleRepo, args: string[]): Promise<{ exitCode: number; stages: StageJson[]; raw: string }> {
  const r = await cli(repo.dir, [...args, '--json']);
  const json = JSON.parse(r.stdout) as { stages?: StageJson[] } & StageJson;
  return { exitCode: r.exitCode, stages: json.stages ?? [json], raw: `${r.stdout}\n${r.stderr}` };
}

/** A synthesized stack without cdktf's `//` metadata (which names the library and its version). */
function config(repo: ExampleRepo, env: string): unknown {
  const json = readFileSync(path.join(repo.dir, 'cdktf.out', 'stacks', env, 'cdk.tf.json'), 'utf8');
  return JSON.parse(json, (key, value: unknown) => (key === '//' ? undefined : value));
}

const ENVS = ['ops', 'apps', 'apps-prod'];
const statuses = (stages: StageJson[]) => stages.map((s) => [s.environment, s.status]);

describe('migrating a deployed project from cdktf 0.21 to cdktn 0.24', () => {
  let repo: ExampleRepo;
  let cdktfCommit: string;
  const cdktfConfig: Record<string, unknown> = {};
  beforeAll(async () => {
    repo = await exampleRepo();
    cdktfCommit = await git(repo.dir, 'rev-parse', 'HEAD');
  });
  afterAll(() => repo.remove());

  it('deploys every environment with cdktf', async () => {
    expect(statuses((await run(repo, ['run'])).stages)).toEqual([
      ['ops', 'applied'],
      ['apps', 'planned'],
    ]);
    await git(repo.dir, 'tag', 'apps-deploy-1');
    expect(statuses((await run(repo, ['run', '--ref', 'refs/tags/apps-deploy-1'])).stages)).toEqual([
      ['apps', 'applied'],
      ['apps-prod', 'planned'],
    ]);
    await git(repo.dir, 'tag', 'apps-prod-deploy-1');
    expect(statuses((await run(repo, ['run', '--ref', 'refs/tags/apps-prod-deploy-1'])).stages)).toEqual([
      ['apps-prod', 'applied'],
    ]);
    for (const env of ENVS) cdktfConfig[env] = config(repo, env);
  });

  it('switched to cdktn (imports and package.json), the same state plans no changes', async () => {
    for (const file of ['main.ts', 'package.json']) {
      await repo.commitFile(file, readFileSync(path.join(CDKTN_EXAMPLE, file), 'utf8'), `cdktn: ${file}`);
    }
    for (const env of ENVS) {
      const { exitCode, stages } = await run(repo, ['plan', '--env', env, '--full']);
      expect({ exitCode, stages: statuses(stages) }).toEqual({ exitCode: 0, stages: [[env, 'no-changes']] });
      // Change detection sees no change either: only cdktf's comments differ, and they are no configuration.
      const detected = await run(repo, ['plan', '--env', env]);
      expect(statuses(detected.stages)).toEqual([[env, 'unchanged']]);
      // What terraform reads is identical; only the metadata comment names cdktn.
      expect(config(repo, env)).toEqual(cdktfConfig[env]);
    }
    expect(Object.values(await statusRecords(repo.dir)).map((r) => r?.commit)).toEqual([
      cdktfCommit,
      cdktfCommit,
      cdktfCommit,
    ]);
  });

  it('main records the cdktn commit without touching a resource; the gate accepts the records', async () => {
    const head = await git(repo.dir, 'rev-parse', 'HEAD');
    const main = await run(repo, ['run']);
    expect(main.exitCode).toBe(0);
    // No terraform runs: ops' record moves to the cdktn commit through its history; apps keeps cdktf's.
    expect(main.stages.map((s) => [s.environment, s.status, s.changes, s.resourceChanges])).toEqual([
      ['ops', 'unchanged', { add: 0, change: 0, destroy: 0 }, []],
      ['apps', 'unchanged', { add: 0, change: 0, destroy: 0 }, []],
    ]);
    await git(repo.dir, 'tag', 'apps-deploy-2');
    const deploy = await run(repo, ['run', '--ref', 'refs/tags/apps-deploy-2']);
    expect({ exitCode: deploy.exitCode, stages: statuses(deploy.stages) }).toEqual({
      exitCode: 0,
      stages: [
        ['apps', 'unchanged'],
        ['apps-prod', 'unchanged'],
      ],
    });
    const recs = await statusRecords(repo.dir);
    expect(recs.ops).toMatchObject({ commit: head, trigger: 'main' });
    expect(recs.apps).toMatchObject({ commit: head, trigger: 'deploy-tag' });
    expect(recs['apps-prod']).toMatchObject({ commit: cdktfCommit, trigger: 'deploy-tag' });
  });
});
