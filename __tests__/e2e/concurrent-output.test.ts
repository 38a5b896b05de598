import { cli } from '../helpers/cli.js';
import { useExampleRepo } from '../helpers/example-repo.js';
import { stacksMainTs } from '../helpers/stacks-project.js';

// End to end with real terraform: `plan --all` of three environments, each made of three stacks
// (a, b after a, c), plans nine units at once. Its progress must say whose every line is.

const ENVIRONMENTS = ['ops', 'apps', 'apps-prod'];
const STACKS = ['a', 'b', 'c'];
const STEPS = ['init', 'workspace-select', 'plan'];
// A step line: ✓ or ✗ (b's plan fails while a is not applied yet), the step, its time.
const STEP_LINE = /[✓✗] (?:\[\w+\] )?(init|workspace-select|plan) +\d+\.\ds$/;

describe('plan --all of 3 environments × 3 stacks', () => {
  const repo = useExampleRepo({ mainTs: stacksMainTs({ value: 'v1' }) });

  it('every step line (init, workspace-select, plan) names its environment and stack', async () => {
    // Three environments at once whatever the number of cores (stacks run side by side by cores).
    const r = await cli(repo.dir, ['plan', '--all', '--concurrency', '3']);
    expect(r.exitCode).toBe(0);
    const steps = r.stderr.split('\n').filter((line) => STEP_LINE.test(line));
    const named = steps.map((line) => {
      const m = /^\[([\w-]+)\/(\w+)\] +[✓✗] ([\w-]+) +\d+\.\ds$/.exec(line);
      return m ? `${m[1]} ${m[2]} ${m[3]}` : `not named: ${line}`;
    });
    const all = ENVIRONMENTS.flatMap((e) => STACKS.flatMap((s) => STEPS.map((step) => `${e} ${s} ${step}`)));
    expect(named.sort()).toEqual(all.sort());
    // The closing table is unchanged: one row per environment, one indented row per stack.
    expect(r.stdout).toMatch(/│ apps-prod +│ plan +│ planned /);
    expect(r.stdout).toMatch(/│ {3}b +│ +│ blocked-by-dependencies /);
  }, 300_000);

  it('on GitHub Actions with --verbose: log folds never nest or interleave, progress stays outside', async () => {
    const r = await cli(repo.dir, ['plan', '--all', '--concurrency', '3', '--verbose'], { GITHUB_ACTIONS: 'true' });
    expect(r.exitCode).toBe(0);
    const lines = r.stderr.split('\n');
    let open: string | undefined;
    let folds = 0;
    for (const line of lines) {
      if (line.startsWith('::group::')) {
        expect([line, open]).toEqual([line, undefined]);
        open = line;
        folds++;
      } else if (line === '::endgroup::') {
        expect(open).toBeDefined();
        open = undefined;
      } else if (STEP_LINE.test(line)) {
        expect([line, open]).toEqual([line, undefined]); // a step line is never hidden in a fold
        expect(line).toMatch(/^\[[\w-]+\/\w+\] /);
      }
    }
    expect(open).toBeUndefined();
    expect(folds).toBeGreaterThan(0);
    // terraform's raw output carries its unit: each unit's steps in a fold of its own, none left unattributed.
    const titles = lines.filter((l) => l.startsWith('::group::')).map((l) => l.slice('::group::'.length));
    expect(titles.filter((t) => t.endsWith(': terraform init → workspace-select → plan')).sort()).toEqual(
      ENVIRONMENTS.flatMap((e) => STACKS.map((k) => `${e}/${k}: terraform init → workspace-select → plan`)).sort(),
    );
    expect(titles.filter((t) => !/^[\w-]+\/\w+: terraform /.test(t))).toEqual([]);
  }, 300_000);
});
