// Every trigger of docs/design.md's ref table is wired in the GitHub workflow, and nothing else is.
import { ciCases } from './cases.js';
import {
  evaluateIf,
  expandGroup,
  type GithubJob,
  type GithubStep,
  githubJobsFor,
  globMatches,
  pushTriggers,
} from './github-workflow.js';
import {
  driftCommand,
  expectedTriggers,
  expectedTriggersFor,
  runCommand,
  statusPageCommand,
  typeCheckCommand,
} from './ref-table.js';

const uses = (job: GithubJob, action: string): GithubStep[] =>
  job.steps.filter((s) => s.uses?.split('@')[0] === action);

describe('the evaluator (so the table below means something)', () => {
  it.each([
    ['**', 'feature/nested', true],
    ['apps-deploy-*', 'apps-deploy-1', true],
    ['apps-deploy-*', 'apps-prod-deploy-1', false],
    ['apps-deploy-*', 'apps-deploy-1/x', false],
  ])('glob %s vs %s is %s', (pattern, name, expected) => {
    expect(globMatches(pattern, name)).toBe(expected);
  });

  it('evaluates the three if: forms and rejects others', () => {
    expect(evaluateIf("startsWith(github.ref, 'refs/heads/') && github.ref != 'refs/heads/main'", 'refs/heads/x')).toBe(
      true,
    );
    expect(
      evaluateIf("startsWith(github.ref, 'refs/heads/') && github.ref != 'refs/heads/main'", 'refs/heads/main'),
    ).toBe(false);
    expect(evaluateIf("${{ github.ref == 'refs/heads/main' }}", 'refs/heads/main')).toBe(true);
    expect(() => evaluateIf("github.ref_name == 'main'", 'refs/heads/main')).toThrow(/unsupported/);
    expect(
      evaluateIf("github.event_name == 'push' && github.ref == 'refs/heads/main'", 'refs/heads/main', 'schedule'),
    ).toBe(false);
    expect(evaluateIf("github.event_name != 'push'", 'refs/heads/main', 'workflow_dispatch')).toBe(true);
    expect(evaluateIf("github.event_name != 'push'", 'refs/heads/main', 'push')).toBe(false);
    expect(() => evaluateIf("github.ref == 'a' || github.ref == 'b'", 'a')).toThrow(/unsupported/);
  });

  it('expands only github.ref in a concurrency group', () => {
    expect(expandGroup('plan-${{ github.ref }}', 'refs/heads/x')).toBe('plan-refs/heads/x');
    expect(() => expandGroup('${{ github.sha }}', 'refs/heads/x')).toThrow(/unsupported/);
  });

  it("derives the design's ref table for the defaults from the pipeline's own classification", () => {
    expect(expectedTriggersFor(['ops', 'apps', 'apps-prod'], 'main')).toEqual(expectedTriggers);
  });
});

describe.each(ciCases)('GitHub workflow: $title', ({ workflow, triggers, environments, mainBranch }) => {
  it('reads the repository only', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it.each(triggers)('$ref starts $job', ({ ref, job, applies }) => {
    const jobs = githubJobsFor(workflow, ref);
    expect(jobs).toEqual(job === undefined ? [] : [job]);
    if (job === undefined) return;
    const concurrency = workflow.jobs[job]!.concurrency!;
    if (applies === undefined) {
      // Plan-only: one group per ref, a newer push cancels the obsolete plan.
      expect(expandGroup(concurrency.group, ref)).toBe(`cdktf-gitops-plan-${ref}`);
      expect(concurrency['cancel-in-progress']).toBe(true);
    } else {
      expect(concurrency.group).toBe(`cdktf-gitops-${applies}`);
      expect(concurrency['cancel-in-progress']).toBe(false);
    }
  });

  it('a schedule (on the default branch) starts only the drift job, never the main job', () => {
    expect(workflow.on.schedule).toHaveLength(1);
    expect(workflow.on.schedule![0]!.cron.split(' ')).toHaveLength(5);
    expect(githubJobsFor(workflow, `refs/heads/${mainBranch}`, 'schedule')).toEqual(['drift']);
  });

  it.each([`refs/heads/${mainBranch}`, 'refs/heads/feature-x', `refs/tags/${environments[1]}-deploy-1`])(
    'a manual run (workflow_dispatch) on %s starts only the drift job',
    (ref) => {
      expect(githubJobsFor(workflow, ref, 'workflow_dispatch')).toEqual(['drift']);
    },
  );

  it('no push starts the drift job', () => {
    for (const { ref } of triggers) expect(githubJobsFor(workflow, ref)).not.toContain('drift');
  });

  it('filters out non-trigger tags before any job is considered', () => {
    expect(pushTriggers(workflow, 'refs/tags/v1.0')).toBe(false);
    expect(pushTriggers(workflow, `refs/tags/${environments[0]}-deploy-1`)).toBe(false);
    expect(pushTriggers(workflow, `refs/tags/${environments.at(-1)}-deploy-1`)).toBe(true);
  });

  it('gives every applying environment its own group', () => {
    const groups = Object.values(workflow.jobs).map((j) => j.concurrency?.group);
    expect(new Set(groups).size).toBe(groups.length);
  });

  it('declares the GitHub environment each applying job changes, and cdktf-gitops-drift for drift', () => {
    const declared = Object.fromEntries(Object.entries(workflow.jobs).map(([name, job]) => [name, job.environment]));
    expect(declared).toEqual({
      feature: undefined,
      main: environments[0],
      ...Object.fromEntries(environments.slice(1).map((env) => [`deploy-${env}`, env])),
      drift: 'cdktf-gitops-drift',
    });
  });

  describe.each(Object.keys(workflow.jobs))('job %s', (name) => {
    const job = workflow.jobs[name]!;
    const runs = job.steps.map((s) => s.run?.trim());
    const runIndex = runs.findIndex((r) => r !== undefined && (name === 'drift' ? driftCommand : runCommand).test(r));

    it('checks out the full history (the promotion gate walks it)', () => {
      const checkout = uses(job, 'actions/checkout');
      expect(checkout).toHaveLength(1);
      expect(checkout[0]!.with?.['fetch-depth']).toBe(0);
    });

    it('installs terraform 1.11.4 without the wrapper (it breaks -detailed-exitcode)', () => {
      const setup = uses(job, 'hashicorp/setup-terraform');
      expect(setup).toHaveLength(1);
      expect(String(setup[0]!.with?.terraform_version)).toBe('1.11.4');
      expect(setup[0]!.with?.terraform_wrapper).toBe(false);
    });

    it('uses node 20 and runs npm ci, then exactly one cdktf-gitops run (drift for the drift job)', () => {
      expect(String(uses(job, 'actions/setup-node')[0]?.with?.['node-version'])).toBe('20');
      // Besides the run, only the status page (which reads) calls the tool.
      expect(runs.filter((r) => r?.includes('cdktf-gitops') && r !== statusPageCommand)).toHaveLength(1);
      expect(runs[runIndex]).toBe(
        `npx cdktf-gitops ${name === 'drift' ? 'drift' : 'run'} --summary-file "$GITHUB_STEP_SUMMARY"`,
      );
      expect(runs.indexOf('npm ci')).toBeGreaterThanOrEqual(0);
      expect(runs.indexOf('npm ci')).toBeLessThan(runIndex);
    });

    it('type-checks main.ts after npm ci and before a run (the pipeline bundles it unchecked)', () => {
      const check = runs.indexOf(typeCheckCommand);
      if (name === 'drift') expect(check).toBe(-1);
      else expect([runs.indexOf('npm ci') < check, check < runIndex]).toEqual([true, true]);
    });

    it('gets write credentials and the record key only where it applies; plans get a read-only role', () => {
      const env = job.steps[runIndex]!.env ?? {};
      const plan = name === 'feature';
      expect(env.PG_CONN_STR).toBe(plan ? '${{ secrets.PG_CONN_STR_PLAN }}' : '${{ secrets.PG_CONN_STR }}');
      const key = name === 'feature' || name === 'drift' ? undefined : '${{ secrets.CDKTF_GITOPS_RECORD_KEY }}';
      expect(env.CDKTF_GITOPS_RECORD_KEY).toBe(key);
      // No other step sees a secret but the status page, which reads the backends with the same ones.
      const others = job.steps.filter((s, i) => i !== runIndex && s.run !== statusPageCommand);
      expect(others.map((s) => JSON.stringify(s)).filter((s) => s.includes('secrets.'))).toEqual([]);
      for (const step of job.steps.filter((s) => s.run === statusPageCommand)) expect(step.env).toEqual(env);
    });

    it('writes the status page after the run, also a failed one, and uploads it as its own artifact', () => {
      const page = runs.indexOf(statusPageCommand);
      const upload = uses(job, 'actions/upload-artifact');
      const order = [runIndex, page, ...upload.map((s) => job.steps.indexOf(s))];
      if (name === 'feature')
        expect([page, upload]).toEqual([-1, []]); // a plan changes nothing to show
      else {
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(order).toHaveLength(3);
        expect(job.steps[page]!.if).toBe('always()');
        expect(upload[0]).toMatchObject({
          if: 'always()',
          with: { name: `cdktf-gitops-status-${name}`, path: 'status.html' },
        });
      }
    });
  });

  it('pins every action the same way, by its major version tag', () => {
    const actions = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((s) => s.uses ?? []));
    expect(actions).toContain('actions/upload-artifact@v4');
    for (const action of actions) expect(action).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
  });
});
