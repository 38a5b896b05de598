import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli, killAll, startCli, type CliProcess } from '../helpers/cli.js';
import { cloneRepo, exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { readLines as lines } from '../helpers/files.js';
import { git } from '../helpers/git.js';
import { brief, recordCommits, runOutcome } from '../helpers/run-json.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait.js';
import type { ConcurrencyBackend } from './concurrency-scenario.js';
import { projectSource, type ProjectSourceOptions } from './project-source.js';

/** Several real CLI runs and terraform plans: a hang guard, generous for a loaded machine. */
const SLOW_TEST_MS = 300_000;

const ENVIRONMENTS = ['ops', 'apps', 'apps-prod'];
const RECORD = 'terraform_data.cdktf_gitops_deployment';

/**
 * A preview of three environments (a feature branch, in its own checkout) while a main run in
 * another checkout holds ops' apply: every environment is reported with its changes, nothing of
 * the preview is applied or recorded, and the apply finishes as if the preview had not run.
 * pg previews plan without the lock (so they finish while the apply holds it, even with a 0s lock
 * timeout); local previews take it, so only ops waits for the apply.
 */
export function describePreviewDuringApply(backend: ConcurrencyBackend): void {
  let repo: ExampleRepo;
  let tmp: string;
  let applyLog: string;
  const started: CliProcess[] = [];
  const source = (opts: ProjectSourceOptions) =>
    projectSource({ backend: backend.type, stateDir: path.join(tmp, 'state'), environments: ENVIRONMENTS, ...opts });
  const env = () => ({ ...backend.env(), APPLY_LOG: applyLog });

  beforeAll(async () => {
    tmp = makeTempDir('cdktf-gitops-preview-');
    applyLog = path.join(tmp, 'applied.log');
    repo = await exampleRepo({ mainTs: source({ revision: '1' }) });
  }, SLOW_TEST_MS);
  afterAll(async () => {
    await killAll(started);
    repo?.remove();
    removeDir(tmp);
  });

  it(
    'plans all three environments, applies nothing, and never disturbs the concurrent apply',
    async () => {
      const first = runOutcome(await cli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main'], env()));
      expect(brief(first)).toMatchObject({ exitCode: 0, stages: ['ops: applied', 'apps: planned'] });
      const mainCommit = await repo.commitFile('main.ts', source({ revision: '2', hold: true }), 'revision 2');

      // The reviewer's checkout: a feature branch with revision 3.
      const reviewDir = await cloneRepo(repo.dir, path.join(tmp, 'review'));
      await git(reviewDir, 'checkout', '-q', '-b', 'feature/three');
      writeFileSync(path.join(reviewDir, 'main.ts'), source({ revision: '3' }));
      await git(reviewDir, 'commit', '-qam', 'revision 3');

      const holder = startCli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main'], env());
      started.push(holder);
      await waitFor(() => lines(`${applyLog}.started`).includes('ops 2'), "ops' apply to start");

      let progress = '';
      const args =
        backend.type === 'pg'
          ? ['run', '--json', '--all-environments', '--lock-timeout', '0s']
          : ['plan', '--all', '--json', '--concurrency', '3'];
      const preview = startCli(reviewDir, args, env());
      started.push(preview);
      preview.stderr?.on('data', (chunk: Buffer) => (progress += chunk.toString()));
      if (backend.type === 'pg') {
        // No lock taken: the preview finishes while the apply still holds ops' lock.
        await preview;
      } else {
        // apps and apps-prod do not wait for ops' apply; ops' plan waits for its lock.
        await waitFor(
          () => /→ apps: planned/.test(progress) && /→ apps-prod: planned/.test(progress),
          'apps and apps-prod to be planned during the apply',
        );
        expect(lines(applyLog)).toEqual(['ops 1']);
      }
      writeFileSync(`${applyLog}.release`, '');
      const p = runOutcome(await preview);
      const h = runOutcome(await holder);

      expect(brief(p)).toEqual({
        exitCode: 0,
        status: 'succeeded',
        message: null,
        stages: ['ops: planned', 'apps: planned', 'apps-prod: planned'],
      });
      expect(p.json).toMatchObject({ preview: true, ref: 'refs/heads/feature/three', trigger: 'feature-branch' });
      for (const s of p.json.stages) {
        expect(s.changes.add).toBe(1);
        expect(s.resourceChanges.map((c) => c.address)).toEqual(['terraform_data.work']);
        expect(s.record).toBeUndefined();
      }
      expect((p.json.stages[0] as unknown as { actions: string[] }).actions).toEqual([
        'init',
        'workspace-select',
        'plan',
      ]);
      // The apply was not disturbed, and nothing of revision 3 was applied anywhere.
      expect(brief(h)).toEqual({
        exitCode: 0,
        status: 'succeeded',
        message: null,
        stages: ['ops: applied', 'apps: planned'],
      });
      expect(h.json.commit).toBe(mainCommit);
      expect(lines(applyLog)).toEqual(['ops 1', 'ops 2']);
      const probe = backend.probe(path.join(tmp, 'state'));
      expect(await probe.state('ops')).toMatchObject({ resources: [RECORD, 'terraform_data.work'], revision: '2' });
      for (const e of ['apps', 'apps-prod']) expect((await probe.state(e))?.resources ?? []).toEqual([]);
      expect(await recordCommits(repo.dir, env())).toEqual([
        ['ops', mainCommit],
        ['apps', null],
        ['apps-prod', null],
      ]);
      expect(await probe.locked('ops')).toBe(false);
    },
    SLOW_TEST_MS,
  );
}
