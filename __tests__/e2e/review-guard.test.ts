import { jest } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { jsonOutput } from '../helpers/run-json.js';
import { MAIN_TS, PROJECT_ENV, type ReviewConfig } from './review-project.js';

// End to end, real CLI and terraform: the reviewed-plan check and the destroy guard across main
// runs and deploy tags of a throwaway repository (ops, apps, apps-prod; apps and apps-prod protected).

interface StageJson {
  environment: string;
  status: string;
  refusal?: string;
  guard?: { destroys: string[]; replaces: string[]; approvedBy: string | null; refused: boolean };
  review?: { matches: boolean; recordedAt?: string; differences: string[] };
}
interface RunJson {
  status: string;
  message?: string;
  stages: StageJson[];
}

async function run(
  repo: ExampleRepo,
  args: string[] = [],
): Promise<{ exitCode: number; json: RunJson; stderr: string; summary: string }> {
  const summaryFile = path.join(repo.dir, '..', `${path.basename(repo.dir)}-summary.md`);
  writeFileSync(summaryFile, '');
  try {
    const r = await cli(repo.dir, ['run', '--json', '--summary-file', summaryFile, ...args], PROJECT_ENV);
    return {
      exitCode: r.exitCode,
      json: jsonOutput<RunJson>(r, 'run'),
      stderr: r.stderr,
      summary: readFileSync(summaryFile, 'utf8'),
    };
  } finally {
    // Beside the repository, so the repository's own removal does not take it: removed here.
    rmSync(summaryFile, { force: true });
  }
}

async function commitConfig(repo: ExampleRepo, config: ReviewConfig, message: string): Promise<string> {
  return repo.commitFile('config.json', `${JSON.stringify(config, null, 2)}\n`, message);
}

/** Resource addresses in an environment's state. */
function stateResources(repo: ExampleRepo, env: string): string[] {
  const file = path.join(repo.dir, '.terraform-state', 'workspaces', env, 'terraform.tfstate');
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { resources: { type: string; name: string }[] }).resources
    .map((r) => `${r.type}.${r.name}`)
    .sort();
}

function stateSerial(repo: ExampleRepo, env: string): number {
  return (
    JSON.parse(
      readFileSync(path.join(repo.dir, '.terraform-state', 'workspaces', env, 'terraform.tfstate'), 'utf8'),
    ) as { serial: number }
  ).serial;
}

const stage = (json: RunJson, env: string) => json.stages.find((s) => s.environment === env)!;

/** A main run (applies ops, records the reviewed plan of apps), then deploy tag `apps-deploy-<n>` on the same commit. */
async function mainThenTag(repo: ExampleRepo, n: number): Promise<string> {
  const main = await run(repo);
  expect(main.exitCode).toBe(0);
  expect(main.stderr).toMatch(/review: recorded this plan of apps/);
  await git(repo.dir, 'tag', `apps-deploy-${n}`);
  return `refs/tags/apps-deploy-${n}`;
}

const base = {
  ops: [{ name: 'a' }],
  apps: [{ name: 'a' }, { name: 'b', replace: '1' }, { name: 'c' }],
  'apps-prod': [{ name: 'a' }],
};

// Each test drives several CLI runs with real terraform: more than the default 120 s on a loaded machine.
jest.setTimeout(600_000);

describe('reviewed plans and the destroy guard', () => {
  let repo: ExampleRepo;
  beforeAll(async () => {
    repo = await exampleRepo({ mainTs: MAIN_TS });
    await commitConfig(repo, { resources: base }, 'three environments');
  });
  afterAll(() => repo.remove());

  it('a deploy tag that applies exactly what main showed says so in the log, the JSON and the summary', async () => {
    const ref = await mainThenTag(repo, 1);
    const { exitCode, json, stderr, summary } = await run(repo, ['--ref', ref]);
    expect(exitCode).toBe(0);
    expect(stage(json, 'apps')).toMatchObject({ status: 'applied', review: { matches: true, differences: [] } });
    expect(stage(json, 'apps').review!.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(stderr).toMatch(/review: apps applies exactly the plan reviewed at refs\/heads\/main/);
    expect(summary).toMatch(/Reviewed plan:\*\* apps applies exactly the plan reviewed at `refs\/heads\/main`/);
    expect(stateResources(repo, 'apps')).toEqual([
      'terraform_data.a',
      'terraform_data.b',
      'terraform_data.c',
      'terraform_data.cdktf_gitops_deployment',
      'terraform_data.secret',
    ]);
  });

  it('a state changed between main and the tag: refused with --require-reviewed-plan, reported loudly without', async () => {
    await commitConfig(repo, { resources: { ...base, apps: [...base.apps, { name: 'd' }] } }, 'apps: add d');
    const ref = await mainThenTag(repo, 2);
    // Someone applies apps by hand after main showed its plan: the tag would apply something else.
    expect((await cli(repo.dir, ['apply', '--env', 'apps'], PROJECT_ENV)).exitCode).toBe(0);
    const serial = stateSerial(repo, 'apps');
    // apps now runs exactly this commit's configuration: the tag has nothing to apply, so nothing to compare.
    const detected = await run(repo, ['--ref', ref, '--require-reviewed-plan']);
    expect(detected.exitCode).toBe(0);
    expect(stage(detected.json, 'apps').status).toBe('unchanged');
    expect(detected.stderr).toMatch(/✓ unchanged since [0-9a-f]{12}: .*the reviewed-plan check/);
    expect(stateSerial(repo, 'apps')).toBe(serial);

    // Planned in full, the tag's plan is not the reviewed one.
    const strict = await run(repo, ['--ref', ref, '--require-reviewed-plan', '--full']);
    expect(strict.exitCode).toBe(3);
    expect(strict.json.status).toBe('refused');
    expect(stage(strict.json, 'apps')).toMatchObject({ status: 'refused', review: { matches: false } });
    expect(stage(strict.json, 'apps-prod').status).toBe('skipped');
    const differences = stage(strict.json, 'apps').review!.differences;
    expect(differences).toContainEqual(
      expect.stringMatching(/^the state changed since the review \(serial \d+ → \d+\)/),
    );
    expect(differences).toContain('terraform_data.d: create in the reviewed plan, no longer planned');
    expect(strict.json.message).toMatch(
      /apps: review: apps does NOT apply what was reviewed .*a reviewed plan is required/s,
    );
    expect(strict.summary).toMatch(/⛔ refused before apply/);
    expect(strict.summary).toMatch(/terraform_data\.d: create in the reviewed plan, no longer planned/);
    expect(stateSerial(repo, 'apps')).toBe(serial);

    const lenient = await run(repo, ['--ref', ref, '--full']);
    expect(lenient.exitCode).toBe(0);
    expect(stage(lenient.json, 'apps')).toMatchObject({ status: 'applied', review: { matches: false } });
    expect(lenient.stderr).toMatch(/WARNING: review: apps does NOT apply what was reviewed/);
    expect(lenient.summary).toMatch(/⚠️ apps does NOT apply what was reviewed/);
  });

  it('requireReviewedPlan: true in the project refuses the same situation; a local apply of the reviewed plan passes it', async () => {
    await commitConfig(repo, { resources: base, requireReviewedPlan: true }, 'require reviewed plans; apps: drop d');
    const ref = await mainThenTag(repo, 3);
    const manual = await cli(repo.dir, ['apply', '--env', 'apps', '--json', '--allow-destroy'], PROJECT_ENV);
    expect(manual.exitCode).toBe(0);
    expect(JSON.parse(manual.stdout)).toMatchObject({
      status: 'applied',
      review: { matches: true },
      guard: { destroys: ['terraform_data.d'], approvedBy: 'flag' },
    });
    const { exitCode, json } = await run(repo, ['--ref', ref, '--full']);
    expect(exitCode).toBe(3);
    expect(stage(json, 'apps')).toMatchObject({ status: 'refused', review: { matches: false } });
    await commitConfig(repo, { resources: base }, 'reviewed plans reported only');
  });

  it('a delete in protected apps is refused without approval, and applied with --allow-destroy', async () => {
    await commitConfig(
      repo,
      { resources: { ...base, apps: base.apps.filter((r) => r.name !== 'c') } },
      'apps: remove c',
    );
    const ref = await mainThenTag(repo, 4);
    const refused = await run(repo, ['--ref', ref]);
    expect(refused.exitCode).toBe(3);
    expect(refused.json.status).toBe('refused');
    expect(stage(refused.json, 'apps')).toMatchObject({
      status: 'refused',
      guard: { destroys: ['terraform_data.c'], replaces: [], approvedBy: null, refused: true },
    });
    expect(stage(refused.json, 'apps-prod').status).toBe('skipped');
    expect(refused.stderr).toMatch(/REFUSED before apply/);
    expect(refused.stderr).toMatch(
      /destroy guard: the plan for protected environment apps deletes terraform_data\.c; approve it with --allow-destroy, or with a trailer 'Allow-Destroy: apps' in a commit that this apply brings to apps/,
    );
    expect(refused.summary).toMatch(/Destroy guard refused apps/);
    expect(refused.summary).toMatch(/- `terraform_data\.c` \(delete\)/);
    expect(stateResources(repo, 'apps')).toContain('terraform_data.c');
    expect(readdirPlans(repo)).toEqual([]);

    const approved = await run(repo, ['--ref', ref, '--allow-destroy']);
    expect(approved.exitCode).toBe(0);
    expect(stage(approved.json, 'apps')).toMatchObject({
      status: 'applied',
      guard: { destroys: ['terraform_data.c'], approvedBy: 'flag', refused: false },
    });
    expect(approved.stderr).toMatch(
      /WARNING: destroy guard: the plan for apps deletes terraform_data\.c \(APPROVED by --allow-destroy\)/,
    );
    expect(approved.summary).toMatch(/APPROVED by `--allow-destroy`/);
    expect(stateResources(repo, 'apps')).not.toContain('terraform_data.c');
  });

  it('a replacement (triggers_replace) in apps is refused without approval, and applied with an Allow-Destroy trailer', async () => {
    const apps = [{ name: 'a' }, { name: 'b', replace: '2' }];
    await commitConfig(repo, { resources: { ...base, apps } }, 'apps: replace b');
    const ref = await mainThenTag(repo, 5);
    const refused = await run(repo, ['--ref', ref]);
    expect(refused.exitCode).toBe(3);
    expect(stage(refused.json, 'apps')).toMatchObject({
      status: 'refused',
      guard: { destroys: [], replaces: ['terraform_data.b'], refused: true },
    });

    // A trailer-looking line in the body is not a trailer: only git's trailer block counts.
    await git(
      repo.dir,
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'not approved\n\nAllow-Destroy: apps\n\nmore text after it',
    );
    const notTrailer = await mainThenTag(repo, 6);
    expect((await run(repo, ['--ref', notTrailer])).exitCode).toBe(3);

    await git(
      repo.dir,
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'apps: approve replacing b\n\nReviewed-by: someone\nAllow-Destroy: apps',
    );
    const approvedRef = await mainThenTag(repo, 7);
    const approved = await run(repo, ['--ref', approvedRef]);
    expect(approved.exitCode).toBe(0);
    expect(stage(approved.json, 'apps')).toMatchObject({
      status: 'applied',
      guard: { replaces: ['terraform_data.b'], approvedBy: 'trailer', refused: false },
    });
    expect(approved.stderr).toMatch(
      /WARNING: destroy guard: the plan for apps replaces terraform_data\.b \(APPROVED by the trailer 'Allow-Destroy: apps' of [0-9a-f]{12}\)/,
    );
  });

  it('ops (not protected) applies a delete on main, and the JSON still lists it', async () => {
    await commitConfig(repo, { resources: { ...base, ops: [] } }, 'ops: remove a');
    const { exitCode, json } = await run(repo);
    expect(exitCode).toBe(0);
    expect(stage(json, 'ops')).toMatchObject({
      status: 'applied',
      guard: { destroys: ['terraform_data.a'], approvedBy: null, refused: false },
    });
    expect(stateResources(repo, 'ops')).not.toContain('terraform_data.a');
  });
});

/** Saved plans left in the apps stack directory (a refused stage must delete its plan file too). */
function readdirPlans(repo: ExampleRepo): string[] {
  const dir = path.join(repo.dir, 'cdktf.out', 'stacks', 'apps');
  return readdirSync(dir).filter((f) => f.endsWith('.tfplan'));
}
