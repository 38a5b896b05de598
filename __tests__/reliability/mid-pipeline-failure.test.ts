import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { useExampleRepo } from '../helpers/example-repo.js';
import { readLines } from '../helpers/files.js';
import { brief, runOutcome, statusRecords } from '../helpers/run-json.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { FAILURE_TEXT, projectSource } from './project-source.js';

// ops' apply fails half way: apps must not run, the run must say why, and ops' record must not move.

describe('a failed apply of ops (real terraform)', () => {
  const tmp = useTempDir('cdktf-gitops-failure-');
  const repo = useExampleRepo({ mainTs: projectSource({ revision: '1' }) });
  let env: Record<string, string>;
  beforeAll(() => {
    env = { APPLY_LOG: path.join(tmp(), 'applied.log') };
  });

  it('skips apps, exits 1, names the stage and the diagnostic in JSON and summary, keeps the old record', async () => {
    const first = runOutcome(await cli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main'], env));
    expect(brief(first)).toEqual({
      exitCode: 0,
      status: 'succeeded',
      message: null,
      stages: ['ops: applied', 'apps: planned'],
    });
    const recorded = first.json.commit;

    await repo.commitFile('main.ts', projectSource({ revision: '2', failIn: ['ops'] }), 'ops fails');
    const summaryFile = path.join(tmp(), 'summary.md');
    const r = runOutcome(
      await cli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main', '--summary-file', summaryFile], env),
    );
    expect(brief(r)).toMatchObject({ exitCode: 1, status: 'failed', stages: ['ops: failed', 'apps: skipped'] });
    const error = r.json.stages[0]!.error!;
    expect(error.message).toMatch(/local-exec provisioner error/);
    expect(error.message).toContain(`${FAILURE_TEXT} in ops`);
    expect(error.diagnostics.map((d) => d.summary)).toContain('local-exec provisioner error');
    expect(r.json.message).toMatch(/^ops: local-exec provisioner error/);
    // apps was neither planned nor applied: no terraform step of it ran.
    expect(r.json.stages[1]).toMatchObject({ changes: { add: 0, change: 0, destroy: 0 }, resourceChanges: [] });
    expect(r.stderr).not.toMatch(/apps: (init|plan)/);
    expect(readLines(`${env.APPLY_LOG}.started`)).toEqual(['ops 1', 'ops 2']);
    expect(readLines(env.APPLY_LOG!)).toEqual(['ops 1']);

    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary).toMatch(/ops[^\n]*failed/);
    expect(summary).toMatch(/apps[^\n]*skipped/);
    expect(summary).toContain('local-exec provisioner error');
    expect(summary).toContain(`${FAILURE_TEXT} in ops`);

    // The record is written only when everything else in the apply succeeded.
    expect((await statusRecords(repo.dir, env)).ops).toMatchObject({ commit: recorded });
  });
});
