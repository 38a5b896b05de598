// Change detection end to end (real terraform, real git, a logging wrapper that only counts the
// terraform processes and where they ran): an unchanged stack runs no terraform in its directory, its
// record moves on, and the gate, `status` and `--full` agree.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { jest } from '@jest/globals';
import { cli } from '../helpers/cli.js';
import type { ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { runTerraform } from '../helpers/terraform-project.js';
import { TerraformLog } from '../helpers/terraform-log.js';
import { BASE, commitConfig, deploy, resources, run, securityRepo, stageOf } from '../security/project.js';
import { PROJECT_ENV } from './review-project.js';

jest.setTimeout(600_000);

interface StatusJson {
  environments: { environment: string; record?: { commit: string; ref: string } }[];
}

describe('change detection (local backend)', () => {
  let repo: ExampleRepo;
  let log: TerraformLog;
  let env: Record<string, string>;
  let first: string;
  const stackDir = (environment: string) => path.join(repo.dir, 'cdktf.out', 'stacks', environment);
  /** The terraform subcommands run in an environment's stack directory (its metadata store not counted). */
  const ranIn = (environment: string) => log.commandsIn(stackDir(environment));
  const status = async () =>
    Object.fromEntries(
      (JSON.parse((await cli(repo.dir, ['status', '--json'], env)).stdout) as StatusJson).environments.map((e) => [
        e.environment,
        e.record?.commit,
      ]),
    );

  beforeAll(async () => {
    log = new TerraformLog();
    env = { ...PROJECT_ENV, ...log.env() };
    repo = await securityRepo();
    first = await git(repo.dir, 'rev-parse', 'HEAD');
    expect((await run(repo.dir, [], env)).exitCode).toBe(0);
    expect((await deploy(repo.dir, 'apps-deploy-1', first, [], env)).exitCode).toBe(0);
  });
  afterAll(() => {
    repo.remove();
    log.remove();
  });

  it('a commit that changes no stack: main runs no terraform in ops or apps, and the deploy tag none in apps', async () => {
    const docs = await repo.commitFile('NOTES.md', 'nothing for terraform\n', 'docs only');
    log.clear();
    const main = await run(repo.dir, [], env);
    expect(main.exitCode).toBe(0);
    expect(main.json.status).toBe('succeeded');
    expect(stageOf(main, 'ops')).toMatchObject({ status: 'unchanged', unchangedSince: first });
    expect(stageOf(main, 'apps')).toMatchObject({ status: 'unchanged', unchangedSince: first });
    expect(main.stderr).toMatch(/unchanged since [0-9a-f]{12}: configuration and state as that apply left them/);
    expect(ranIn('ops')).toEqual([]);
    expect(ranIn('apps')).toEqual([]);
    expect(log.count('plan') + log.count('apply')).toBe(0);
    // ops' record moved to the docs commit: status says so, and the gate accepts it.
    expect((await status()).ops).toBe(docs);

    log.clear();
    const tag = await deploy(repo.dir, 'apps-deploy-2', docs, [], env);
    expect(tag.exitCode).toBe(0);
    expect(tag.json.gate).toMatchObject({ passed: true });
    expect(stageOf(tag, 'apps')).toMatchObject({ status: 'unchanged', unchangedSince: first });
    expect(ranIn('apps')).toEqual([]);
    expect((await status()).apps).toBe(docs);
    const history = JSON.parse((await cli(repo.dir, ['history', '--env', 'apps', '--json'], env)).stdout) as {
      entries: { commit: string; stacks: { stack: string; since?: string; fingerprint?: string }[] }[];
    };
    expect(history.entries[0]).toMatchObject({ commit: docs, stacks: [{ stack: 'apps', since: first }] });
    // The fingerprint digests secret variables: `history` never prints it.
    expect(history.entries.every((e) => e.stacks.every((s) => s.fingerprint === undefined))).toBe(true);
  });

  it('--full plans every stack again', async () => {
    log.clear();
    const full = await run(repo.dir, ['--full'], env);
    expect(full.exitCode).toBe(0);
    expect(ranIn('ops')).toContain('plan');
    expect(ranIn('apps')).toContain('plan');
    // ops' state still holds the first commit's record: the full run writes the docs commit's.
    expect(stageOf(full, 'ops').status).toBe('applied');
    expect(stageOf(full, 'apps').status).toBe('no-changes');
  });

  it("a change to apps' configuration plans apps only", async () => {
    const wider = { ...BASE, apps: [...BASE.apps!, { name: 'cache' }] };
    await commitConfig(repo, { resources: wider }, 'apps: cache');
    log.clear();
    const main = await run(repo.dir, [], env);
    expect(main.exitCode).toBe(0);
    expect(stageOf(main, 'ops').status).toBe('unchanged');
    expect(stageOf(main, 'apps')).toMatchObject({ status: 'planned', changes: { add: 1 } });
    expect(ranIn('ops')).toEqual([]);
    expect(ranIn('apps')).toContain('plan');
  });

  it('a `terraform state rm` in ops makes the next main run plan (and repair) ops', async () => {
    await runTerraform(stackDir('ops'), ['workspace', 'select', 'ops']);
    const backup = path.join(stackDir('ops'), '..', 'ops.backup');
    expect(
      (await runTerraform(stackDir('ops'), ['state', 'rm', `-backup=${backup}`, 'terraform_data.a'])).exitCode,
    ).toBe(0);
    log.clear();
    const main = await run(repo.dir, [], env);
    expect(main.exitCode).toBe(0);
    expect(stageOf(main, 'ops')).toMatchObject({ status: 'applied', changes: { add: 1 } });
    expect(ranIn('ops')).toEqual(expect.arrayContaining(['plan', 'apply']));
    expect(resources(repo.dir, 'ops')).toEqual(['terraform_data.a', 'terraform_data.secret']);
  });

  it('a new value of a variable the stack reads (a rotated secret) plans it, the configuration being the same', async () => {
    log.clear();
    const rotated = await run(repo.dir, [], { ...env, TF_VAR_db_password: 'rotated-secret-value' });
    expect(rotated.exitCode).toBe(0);
    expect(stageOf(rotated, 'ops')).toMatchObject({ status: 'applied', changes: { change: 1 } });
    const state = readFileSync(
      path.join(repo.dir, '.terraform-state', 'workspaces', 'ops', 'terraform.tfstate'),
      'utf8',
    );
    expect(state).toContain('rotated-secret-value');
  });
});
