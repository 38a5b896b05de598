import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { useExampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { CDKTN_EXAMPLE, EXAMPLE } from '../helpers/paths.js';
import { git } from '../helpers/git.js';
import { runOutcome, stageStatuses, statusRecords, type RunOutcome } from '../helpers/run-json.js';

// End to end: a throwaway git repo holding the example project, driven through the real CLI and terraform.

const runJson = async (repo: ExampleRepo, args: string[] = []): Promise<RunOutcome> =>
  runOutcome(await cli(repo.dir, ['run', '--json', ...args]));

function stateFile(repo: ExampleRepo, env: string): string | undefined {
  const file = path.join(repo.dir, '.terraform-state', 'workspaces', env, 'terraform.tfstate');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function resourcesIn(state: string | undefined): string[] {
  if (!state) return [];
  return (JSON.parse(state) as { resources: { type: string; name: string }[] }).resources
    .map((r) => `${r.type}.${r.name}`)
    .sort();
}

/** The CDK library version a synthesized stack names in its metadata. */
function cdkVersionOf(repo: ExampleRepo, env: string): string {
  const file = path.join(repo.dir, 'cdktf.out', 'stacks', env, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { '//': { metadata: { version: string } } };
  return json['//'].metadata.version;
}

// One walk for both flavours: the cdktf example and the same project on CDK Terrain (cdktn).
describe.each([
  ['cdktf', EXAMPLE, '0.21.0'],
  ['cdktn', CDKTN_EXAMPLE, '0.24.0'],
])(
  'the GitOps workflow of the %s example, three environments (ops, apps, apps-prod)',
  (_flavour, example, cdkVersion) => {
    const repo = useExampleRepo({ example });

    it('feature branch: plans ops only, applies nothing', async () => {
      await git(repo.dir, 'checkout', '-q', '-b', 'feature/bigger-apps');
      const src = readFileSync(path.join(repo.dir, 'main.ts'), 'utf8').replace('replicas: 2', 'replicas: 4');
      await repo.commitFile('main.ts', src, 'apps: 4 replicas');
      const { exitCode, json } = await runJson(repo);
      expect(exitCode).toBe(0);
      expect(json).toMatchObject({
        ref: 'refs/heads/feature/bigger-apps',
        trigger: 'feature-branch',
        status: 'succeeded',
      });
      expect(json.commit).toBe(await git(repo.dir, 'rev-parse', 'HEAD'));
      expect(stageStatuses(json)).toEqual(['ops: planned']);
      expect(json.stages[0]).toMatchObject({ workspace: 'ops', changes: { add: 2, change: 0, destroy: 0 } });
      expect(resourcesIn(stateFile(repo, 'ops'))).toEqual([]);
      expect(await statusRecords(repo.dir)).toEqual({ ops: null, apps: null, 'apps-prod': null });
    });

    it('main: applies and records ops, plans apps without applying', async () => {
      await git(repo.dir, 'checkout', '-q', 'main');
      await git(repo.dir, 'merge', '-q', '--no-ff', '-m', 'merge feature', 'feature/bigger-apps');
      const head = await git(repo.dir, 'rev-parse', 'HEAD');
      const { exitCode, json } = await runJson(repo);
      expect(exitCode).toBe(0);
      expect(json).toMatchObject({ ref: 'refs/heads/main', trigger: 'main', status: 'succeeded', commit: head });
      expect(stageStatuses(json)).toEqual(['ops: applied', 'apps: planned']);
      expect(resourcesIn(stateFile(repo, 'ops'))).toEqual([
        'terraform_data.cdktf_gitops_deployment',
        'terraform_data.dns',
        'terraform_data.web',
      ]);
      expect(resourcesIn(stateFile(repo, 'apps'))).toEqual([]);
      const recs = await statusRecords(repo.dir);
      expect(recs.ops).toMatchObject({ commit: head, ref: 'refs/heads/main', trigger: 'main' });
      expect(recs.apps).toBeNull();
      // The stacks were built by the example's own library (its stacks are that library's constructs).
      expect(cdkVersionOf(repo, 'ops')).toBe(cdkVersion);
    });

    it('main again with nothing new: no changes, the record keeps its time', async () => {
      const before = stateFile(repo, 'ops');
      const { exitCode, json } = await runJson(repo);
      expect(exitCode).toBe(0);
      // ops' configuration and state are as main's apply left them: change detection runs no terraform there.
      expect(stageStatuses(json)).toEqual(['ops: unchanged', 'apps: planned']);
      expect(stateFile(repo, 'ops')).toBe(before);
      // Planned in full, the record of this very commit is no change either.
      const full = await runJson(repo, ['--full']);
      expect(stageStatuses(full.json)).toEqual(['ops: no-changes', 'apps: planned']);
      expect(stateFile(repo, 'ops')).toBe(before);
    });

    it('a tag matching no environment: nothing runs, exit 0, says which patterns would match', async () => {
      await git(repo.dir, 'tag', 'v1.0');
      const { exitCode, json } = await runJson(repo, ['--ref', 'refs/tags/v1.0']);
      expect(exitCode).toBe(0);
      expect(json).toMatchObject({ trigger: 'none', status: 'nothing-to-do', stages: [] });
      expect(json.message).toMatch(/apps-deploy-/);
      expect(json.message).toMatch(/apps-prod-deploy-/);
    });

    it('a deploy tag for the internal environment is not a trigger', async () => {
      await git(repo.dir, 'tag', 'ops-deploy-1');
      const { exitCode, json } = await runJson(repo, ['--ref', 'refs/tags/ops-deploy-1']);
      expect(exitCode).toBe(0);
      expect(json).toMatchObject({ trigger: 'none', status: 'nothing-to-do' });
      expect(json.message).toMatch(/main/);
    });

    it('apps-deploy-* on the validated commit: applies apps, plans apps-prod', async () => {
      const head = await git(repo.dir, 'rev-parse', 'HEAD');
      await git(repo.dir, 'tag', '-d', 'v1.0', 'ops-deploy-1'); // HEAD's only tag must be the deploy tag
      await git(repo.dir, 'tag', 'apps-deploy-1');
      await git(repo.dir, 'checkout', '-q', 'apps-deploy-1');
      const { exitCode, json } = await runJson(repo); // ref from the tag at the detached HEAD
      expect(exitCode).toBe(0);
      expect(json).toMatchObject({
        ref: 'refs/tags/apps-deploy-1',
        trigger: 'deploy-tag',
        status: 'succeeded',
        commit: head,
        gate: { passed: true, overridden: false },
      });
      expect(stageStatuses(json)).toEqual(['apps: applied', 'apps-prod: planned']);
      const recs = await statusRecords(repo.dir);
      expect(recs.apps).toMatchObject({ commit: head, ref: 'refs/tags/apps-deploy-1', trigger: 'deploy-tag' });
      expect(recs['apps-prod']).toBeNull();
    });

    it('apps-prod-deploy-* (longest environment name wins): applies apps-prod', async () => {
      await git(repo.dir, 'tag', 'apps-prod-deploy-1');
      const { exitCode, json } = await runJson(repo, ['--ref', 'refs/tags/apps-prod-deploy-1']);
      expect(exitCode).toBe(0);
      expect(json).toMatchObject({ trigger: 'deploy-tag', status: 'succeeded' });
      expect(stageStatuses(json)).toEqual(['apps-prod: applied']);
      expect((await statusRecords(repo.dir))['apps-prod']).toMatchObject({ ref: 'refs/tags/apps-prod-deploy-1' });
    });

    it('refuses a deploy tag on a commit that is not on main (exit 3, no state changed)', async () => {
      await git(repo.dir, 'checkout', '-q', '-b', 'unmerged', 'main');
      const src = readFileSync(path.join(repo.dir, 'main.ts'), 'utf8').replace('replicas: 4', 'replicas: 9');
      await repo.commitFile('main.ts', src, 'unreviewed');
      await git(repo.dir, 'tag', 'apps-deploy-2');
      const before = stateFile(repo, 'apps');
      const { exitCode, json } = await runJson(repo, ['--ref', 'refs/tags/apps-deploy-2']);
      expect(exitCode).toBe(3);
      expect(json).toMatchObject({ status: 'refused', gate: { passed: false, overridden: false } });
      expect(json.message).toMatch(/not on refs\/heads\/main/);
      expect(json.stages.map((s) => s.status)).toEqual(['skipped', 'skipped']);
      expect(stateFile(repo, 'apps')).toBe(before);
    });

    it('refuses a deploy tag on a main commit that ops never applied', async () => {
      await git(repo.dir, 'checkout', '-q', 'main');
      await git(repo.dir, 'merge', '-q', '--no-ff', '-m', 'merge unreviewed', 'unmerged');
      await git(repo.dir, 'tag', 'apps-deploy-3');
      const before = stateFile(repo, 'apps');
      const { exitCode, json } = await runJson(repo, ['--ref', 'refs/tags/apps-deploy-3']);
      expect(exitCode).toBe(3);
      expect(json.message).toMatch(/^ops never applied [0-9a-f]{12} through the pipeline; it applied [0-9a-f]{12} /);
      expect(stateFile(repo, 'apps')).toBe(before);
    });

    it('the override flag deploys anyway, loudly, and says so in the JSON', async () => {
      const { exitCode, json, stderr } = await runJson(repo, ['--ref', 'refs/tags/apps-deploy-3', '--override-gate']);
      expect(exitCode).toBe(0);
      expect(json).toMatchObject({ status: 'succeeded', gate: { passed: false, overridden: true } });
      expect(stderr).toMatch(/PROMOTION GATE OVERRIDDEN/);
    });
  },
);

const layout = (envs: string[]) => `
import { DataResource } from 'cdktf';
import { defineProject, EnvironmentStack, isEntrypoint } from 'cdktf-gitops';
export const project = defineProject({
  environments: ${JSON.stringify(envs)},
  stacks: (app) => {
    for (const name of ${JSON.stringify(envs)}) new DataResource(new EnvironmentStack(app, name), 'thing', { input: { name } });
  },
});
if (isEntrypoint(import.meta.url)) project.createApp().synth();
`;

describe.each([
  ['two environments', ['ops', 'apps']],
  ['custom names', ['build', 'edge', 'edge-eu']],
])('%s', (_name, envs) => {
  const repo = useExampleRepo({ mainTs: layout(envs) });

  it('main applies the first environment and plans the second; a deploy tag promotes the second', async () => {
    const main = await runJson(repo);
    expect(main.exitCode).toBe(0);
    expect(stageStatuses(main.json)).toEqual([`${envs[0]}: applied`, `${envs[1]}: planned`]);
    await git(repo.dir, 'tag', `${envs[1]}-deploy-1`);
    const deploy = await runJson(repo, ['--ref', `refs/tags/${envs[1]}-deploy-1`]);
    expect(deploy.exitCode).toBe(0);
    const expected = envs[2] ? [`${envs[1]}: applied`, `${envs[2]}: planned`] : [`${envs[1]}: applied`];
    expect(stageStatuses(deploy.json)).toEqual(expected);
  });
});
