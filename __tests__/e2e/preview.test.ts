import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { EXAMPLE } from '../helpers/paths.js';
import { recordCommits } from '../helpers/run-json.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';

/** Several real CLI runs and terraform plans: a hang guard, generous for a loaded machine. */
const SLOW_TEST_MS = 300_000;

// End to end: previews of every environment on a feature branch, through the real CLI and terraform.

interface PreviewJson {
  ref: string;
  trigger: string;
  status: string;
  preview?: boolean;
  stages: {
    environment: string;
    status: string;
    actions: string[];
    changes: { add: number; change: number; destroy: number };
    record?: unknown;
  }[];
}

describe('previews of every environment (project setting previewAllEnvironments)', () => {
  let repo: ExampleRepo;
  let scratch: string;
  let mainCommit: string;
  const parse = (stdout: string) => JSON.parse(stdout) as PreviewJson;
  const statuses = (json: PreviewJson) => json.stages.map((s) => `${s.environment}: ${s.status}`);
  const records = () => recordCommits(repo.dir);

  beforeAll(async () => {
    scratch = makeTempDir('cdktf-gitops-preview-e2e-');
    const source = readFileSync(path.join(EXAMPLE, 'main.ts'), 'utf8').replace(
      'defineProject({',
      'defineProject({\n  previewAllEnvironments: true,',
    );
    repo = await exampleRepo({ mainTs: source });
    mainCommit = await git(repo.dir, 'rev-parse', 'HEAD');
    expect((await cli(repo.dir, ['run', '--ref', 'refs/heads/main'])).exitCode).toBe(0);
    await git(repo.dir, 'checkout', '-q', '-b', 'feature/apps-4');
    const src = readFileSync(path.join(repo.dir, 'main.ts'), 'utf8').replace('replicas: 2', 'replicas: 4');
    await repo.commitFile('main.ts', src, 'apps: 4 replicas');
  }, SLOW_TEST_MS);
  afterAll(() => {
    repo?.remove();
    removeDir(scratch);
  });

  it(
    'a feature-branch run plans every environment, applies and records nothing, and writes one reviewer summary',
    async () => {
      const summary = path.join(scratch, 'summary.md');
      const r = await cli(repo.dir, ['run', '--json', '--summary-file', summary]);
      expect(r.exitCode).toBe(0);
      const json = parse(r.stdout);
      expect(json).toMatchObject({
        ref: 'refs/heads/feature/apps-4',
        trigger: 'feature-branch',
        status: 'succeeded',
        preview: true,
      });
      expect(statuses(json)).toEqual(['ops: unchanged', 'apps: planned', 'apps-prod: planned']);
      for (const s of json.stages) {
        expect(s.actions).toEqual(['init', 'workspace-select', 'plan']);
        expect(s.record).toBeUndefined();
      }
      expect(json.stages[1]!.changes).toEqual({ add: 2, change: 0, destroy: 0 });
      expect(await records()).toEqual([
        ['ops', mainCommit],
        ['apps', null],
        ['apps-prod', null],
      ]);

      const md = readFileSync(summary, 'utf8');
      expect(md).toMatch(/^## cdktf-gitops preview: 📝 2 environment\(s\) change/);
      expect(md).toMatch(/No changes: ops \(unchanged since `[0-9a-f]{7}`: not planned\)\./);
      expect(md.indexOf('<details><summary>apps: 2 to add')).toBeGreaterThan(0);
      expect(md.indexOf('<details><summary>apps-prod: 2 to add')).toBeGreaterThan(
        md.indexOf('<details><summary>apps: 2 to add'),
      );
    },
    SLOW_TEST_MS,
  );

  it(
    'plan --all does the same from any checkout, with bounded concurrency',
    async () => {
      const r = await cli(repo.dir, ['plan', '--all', '--json', '--concurrency', '1']);
      expect(r.exitCode).toBe(0);
      expect(statuses(parse(r.stdout))).toEqual(['ops: unchanged', 'apps: planned', 'apps-prod: planned']);
      expect(await records()).toEqual([
        ['ops', mainCommit],
        ['apps', null],
        ['apps-prod', null],
      ]);
    },
    SLOW_TEST_MS,
  );

  it(
    'explain lists the preview: every environment, plan only',
    async () => {
      const r = await cli(repo.dir, ['explain', '--json']);
      expect(r.exitCode).toBe(0);
      const json = JSON.parse(r.stdout) as { stages: { environment: string; actions: string[] }[] };
      expect(json.stages.map((s) => [s.environment, s.actions.includes('apply')])).toEqual([
        ['ops', false],
        ['apps', false],
        ['apps-prod', false],
      ]);
    },
    SLOW_TEST_MS,
  );

  it(
    'main still plans as the ref table says (the setting is for feature branches only)',
    async () => {
      await git(repo.dir, 'checkout', '-q', 'main');
      const r = await cli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main']);
      expect(r.exitCode).toBe(0);
      const json = parse(r.stdout);
      expect(json.preview).toBeUndefined();
      expect(statuses(json)).toEqual(['ops: unchanged', 'apps: planned']);
    },
    SLOW_TEST_MS,
  );
});
