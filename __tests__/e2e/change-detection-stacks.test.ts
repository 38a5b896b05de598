// Change detection across many stacks (real terraform; a wrapper only counts the terraform processes
// per directory): 3 environments × 10 stacks, `s1` reads `s0`'s output (a cdktf cross-stack reference).
// A commit that changes one stack runs terraform in that stack's directories and its dependant's only.
import * as path from 'node:path';
import { jest } from '@jest/globals';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { TerraformLog } from '../helpers/terraform-log.js';
import { deploy, run, stageOf } from '../security/project.js';

jest.setTimeout(600_000);

const STACKS = Array.from({ length: 10 }, (_, i) => `s${i}`);

/** main.ts: per environment ten stacks of one resource each, their inputs from config.json; s1 reads s0's output. */
const MAIN_TS = `import { readFileSync } from 'node:fs';
import { DataResource } from 'cdktf';
import { defineProject, EnvironmentStack, isEntrypoint } from 'cdktf-gitops';

const values: Record<string, string> = JSON.parse(readFileSync(new URL('./config.json', import.meta.url), 'utf8'));
const environments = ['ops', 'apps', 'apps-prod'];

export const project = defineProject({
  environments,
  stacks: (app) => {
    for (const env of environments) {
      const made: DataResource[] = [];
      for (let i = 0; i < ${STACKS.length}; i++) {
        const stack = new EnvironmentStack(app, env, { stack: \`s\${i}\` });
        const input = i === 1 ? { from: made[0]!.output } : { env, value: values[\`s\${i}\`] ?? 'v1' };
        made.push(new DataResource(stack, 'r', { input }));
      }
    }
  },
});

if (isEntrypoint(import.meta.url)) project.createApp().synth();
`;

describe('change detection, 3 environments × 10 stacks', () => {
  let repo: ExampleRepo;
  let log: TerraformLog;
  /** The stacks of `environment` in whose directory terraform ran since the last clear. */
  const ranIn = (environment: string) =>
    STACKS.filter((s) => log.commandsIn(path.join(repo.dir, 'cdktf.out', 'stacks', `${environment}-${s}`)).length > 0);

  beforeAll(async () => {
    log = new TerraformLog();
    repo = await exampleRepo({ mainTs: MAIN_TS });
    await repo.commitFile('config.json', '{}\n', 'ten stacks');
    const first = await git(repo.dir, 'rev-parse', 'HEAD');
    expect((await run(repo.dir, [], log.env())).exitCode).toBe(0);
    expect((await deploy(repo.dir, 'apps-deploy-1', first, [], log.env())).exitCode).toBe(0);
  });
  afterAll(() => {
    repo.remove();
    log.remove();
  });

  it('a change to s0 runs terraform in s0 and its dependant s1 of ops and apps, nowhere else', async () => {
    await repo.commitFile('config.json', `${JSON.stringify({ s0: 'v2' })}\n`, 's0: v2');
    log.clear();
    const main = await run(repo.dir, [], log.env());
    expect(main.exitCode).toBe(0);
    expect(ranIn('ops')).toEqual(['s0', 's1']);
    expect(ranIn('apps')).toEqual(['s0', 's1']);
    expect(ranIn('apps-prod')).toEqual([]);
    const statuses = (environment: string) =>
      Object.fromEntries((stageOf(main, environment).stacks ?? []).map((k) => [k.stack, k.status]));
    expect(statuses('ops')).toEqual({
      s0: 'applied',
      s1: 'applied',
      ...Object.fromEntries(STACKS.slice(2).map((s) => [s, 'unchanged'])),
    });
    expect(statuses('apps')).toMatchObject({
      s0: 'planned',
      s1: 'planned-with-unapplied-dependencies',
      s9: 'unchanged',
    });
    // Processes, all directories together: the two changed stacks' steps, nothing per unchanged stack.
    expect(log.count('plan')).toBe(4);
    expect(log.count('apply')).toBe(2);
  });

  it('a change to the independent s5 runs terraform in s5 only', async () => {
    await repo.commitFile('config.json', `${JSON.stringify({ s0: 'v2', s5: 'v2' })}\n`, 's5: v2');
    log.clear();
    const main = await run(repo.dir, [], log.env());
    expect(main.exitCode).toBe(0);
    expect(ranIn('ops')).toEqual(['s5']);
    // apps still waits for s0's change (its deploy tag has not run): s0, its dependant s1, and s5 plan.
    expect(ranIn('apps')).toEqual(['s0', 's1', 's5']);
  });
});
