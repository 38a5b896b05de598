import { jest } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import { cli } from '../helpers/cli.js';
import type { ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { jsonOutput } from '../helpers/run-json.js';
import { deploy, PROJECT_ENV, resources, run, securityRepo, stageOf, stateFile } from './project.js';

// Finding 9 of the security review: a state that is lost, emptied or replaced after the pipeline
// applied it is never silently started over.

jest.setTimeout(600_000);

interface StatusJson {
  environments: { environment: string; stateProblem?: string }[];
}

describe('a lost or replaced state is refused', () => {
  let repo: ExampleRepo;
  beforeAll(async () => {
    repo = await securityRepo();
    expect((await run(repo.dir)).exitCode).toBe(0);
    const c1 = await git(repo.dir, 'rev-parse', 'HEAD');
    expect((await deploy(repo.dir, 'apps-deploy-1', c1)).exitCode).toBe(0);
  });
  afterAll(() => repo.remove());

  it('an emptied state: main warns, status says so, the deploy is refused until approved', async () => {
    writeFileSync(stateFile(repo.dir, 'apps'), '');
    const c2 = await repo.commitFile('notes.txt', 'x\n', 'an unrelated change');
    const main = await run(repo.dir);
    expect(main.exitCode).toBe(0);
    expect(main.stderr).toMatch(
      /WARNING: apps's state is missing or empty, but the pipeline applied [0-9a-f]{12} to it at .*: its deploy will be refused until approved with --accept-lost-state/,
    );
    const status = jsonOutput<StatusJson>(await cli(repo.dir, ['status', '--json'], PROJECT_ENV), 'status');
    expect(status.environments.find((e) => e.environment === 'apps')?.stateProblem).toMatch(/missing or empty/);

    const refused = await deploy(repo.dir, 'apps-deploy-2', c2);
    expect(refused.exitCode).toBe(3);
    expect(stageOf(refused, 'apps').status).toBe('refused');
    expect(stageOf(refused, 'apps').refusal).toMatch(/applying would start it over: approve with --accept-lost-state/);
    expect(resources(repo.dir, 'apps')).toEqual([]);

    const approved = await deploy(repo.dir, 'apps-deploy-2', c2, ['--accept-lost-state']);
    expect(approved.exitCode).toBe(0);
    expect(approved.stderr).toMatch(/WARNING: apps's state is missing or empty.*APPROVED by --accept-lost-state/);
    expect(resources(repo.dir, 'apps')).toEqual(['terraform_data.a', 'terraform_data.dns', 'terraform_data.secret']);
    // The approved apply is the new baseline: the next deploy needs no approval.
    const c3 = await repo.commitFile('notes.txt', 'y\n', 'another change');
    expect((await run(repo.dir)).exitCode).toBe(0);
    expect((await deploy(repo.dir, 'apps-deploy-3', c3)).exitCode).toBe(0);
  });

  it("a deleted state (recreated with another lineage) refuses main's apply of ops", async () => {
    rmSync(stateFile(repo.dir, 'ops'));
    await repo.commitFile('notes.txt', 'z\n', 'yet another change');
    const main = await run(repo.dir);
    expect(main.exitCode).toBe(3);
    expect(stageOf(main, 'ops').refusal).toMatch(/ops's state was replaced \(lineage [0-9a-f-]+ → [0-9a-f-]+\)/);
    expect(resources(repo.dir, 'ops')).toEqual([]);
  });
});
