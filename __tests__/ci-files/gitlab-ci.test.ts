// Every trigger of docs/design.md's ref table is wired in .gitlab-ci.yml, and nothing else is.
import { ciCases } from './cases.js';
import {
  evaluateRuleIf,
  gitlabJobsFor,
  gitlabJobsForVariables,
  jobNames,
  resolveJob,
  scheduleVariables,
} from './gitlab-ci.js';
import { driftCommand, runCommand, statusPageCommand, typeCheckCommand } from './ref-table.js';

describe('the rules evaluator (so the table below means something)', () => {
  it.each([
    ['$CI_COMMIT_BRANCH && $CI_COMMIT_BRANCH != "main"', { CI_COMMIT_BRANCH: 'x' }, true],
    ['$CI_COMMIT_BRANCH && $CI_COMMIT_BRANCH != "main"', { CI_COMMIT_BRANCH: 'main' }, false],
    ['$CI_COMMIT_BRANCH && $CI_COMMIT_BRANCH != "main"', { CI_COMMIT_TAG: 'x' }, false],
    ['$CI_COMMIT_BRANCH == "main"', { CI_COMMIT_TAG: 'main' }, false],
    ['$CI_COMMIT_TAG =~ /^apps-deploy-/', { CI_COMMIT_TAG: 'apps-prod-deploy-1' }, false],
    ['$CI_COMMIT_TAG =~ /^apps-deploy-/', { CI_COMMIT_BRANCH: 'apps-deploy-1' }, false],
  ])('%s with %j is %s', (expression, variables, expected) => {
    expect(evaluateRuleIf(expression, variables)).toBe(expected);
  });

  it('rejects forms it does not know', () => {
    expect(() => evaluateRuleIf('$CI_COMMIT_TAG || $X', {})).toThrow(/unsupported/);
  });
});

describe.each(ciCases)('GitLab CI: $title', ({ gitlab: config, triggers, environments, mainBranch }) => {
  const globals = config.variables as Record<string, string>;

  it('fetches the full history (the promotion gate walks it)', () => {
    expect(String(globals.GIT_DEPTH)).toBe('0');
    for (const name of jobNames(config)) expect(resolveJob(config, name).variables?.GIT_DEPTH).toBeUndefined();
  });

  it('pins terraform 1.11.4', () => {
    expect(globals.TERRAFORM_VERSION).toBe('1.11.4');
  });

  it.each(triggers)('$ref starts $job', ({ ref, job, applies }) => {
    const jobs = gitlabJobsFor(config, ref);
    expect(jobs).toEqual(job === undefined ? [] : [job]);
    if (job === undefined) return;
    const resolved = resolveJob(config, job);
    // Applying jobs: one per environment at a time, never cancelled; plans: cancellable, unserialized.
    expect(resolved.resource_group).toBe(applies);
    expect(resolved.interruptible ?? false).toBe(applies === undefined);
    expect(resolved.environment?.name).toBe(applies);
  });

  it.each([mainBranch, 'feature-x'])(
    'a pipeline schedule on %s starts only the drift job, never a push job',
    (branch) => {
      expect(gitlabJobsForVariables(config, scheduleVariables(branch))).toEqual(['drift']);
    },
  );

  it('no push starts the drift job; it is interruptible and serializes on no environment', () => {
    for (const { ref } of triggers) expect(gitlabJobsFor(config, ref)).not.toContain('drift');
    const drift = resolveJob(config, 'drift');
    expect(drift.resource_group).toBeUndefined();
    expect(drift.interruptible).toBe(true);
  });

  it('declares each applied environment with its tier: the first testing, the last production', () => {
    const tiers = jobNames(config).flatMap((name) => {
      const environment = resolveJob(config, name).environment;
      return environment === undefined ? [] : [[environment.name, environment.deployment_tier]];
    });
    const middle = environments.slice(1, -1).map((env) => [env, 'staging']);
    expect(tiers).toEqual([[environments[0], 'testing'], ...middle, [environments.at(-1), 'production']]);
  });

  it('gives the feature job a read-only role that creates nothing, and no job the key (project variables)', () => {
    expect(resolveJob(config, 'feature').variables).toEqual({
      PG_CONN_STR: '$PG_CONN_STR_PLAN',
      PG_SKIP_SCHEMA_CREATION: 'true',
      PG_SKIP_TABLE_CREATION: 'true',
      PG_SKIP_INDEX_CREATION: 'true',
    });
    for (const name of jobNames(config).filter((n) => n !== 'feature')) {
      expect(resolveJob(config, name).variables).toBeUndefined();
    }
  });

  describe.each(jobNames(config))('job %s', (name) => {
    const job = resolveJob(config, name);
    const script = job.script ?? [];

    it('runs npm ci, then (but for drift) tsc, then exactly one cdktf-gitops call, last', () => {
      expect(job.image).toBe('node:20');
      const before = (job.before_script ?? []).map((s) => s.trim());
      expect(before.some((s) => s.startsWith('npm ci'))).toBe(true);
      expect(before.some((s) => s.includes('cdktf-gitops'))).toBe(false);
      expect(script.at(-1)).toMatch(name === 'drift' ? driftCommand : runCommand);
      expect(script.slice(0, -1)).toEqual(name === 'drift' ? [] : [typeCheckCommand]);
    });

    it('keeps the summary file (and the status page, but for a plan) as artifacts, also on failure', () => {
      const summary = /--summary-file (\S+)$/.exec(script.at(-1)!)![1];
      expect(job.artifacts?.paths).toEqual(name === 'feature' ? [summary] : [summary, 'status.html']);
      expect(job.artifacts?.when).toBe('always');
    });

    it('writes the status page in after_script (it runs after a failed script too), but for a plan', () => {
      expect(job.after_script).toEqual(name === 'feature' ? undefined : [statusPageCommand]);
    });

    it("links an applied environment's page to the status page of the job that deployed it", () => {
      const url = '$CI_PROJECT_URL/-/jobs/$CI_JOB_ID/artifacts/file/status.html';
      expect(job.environment?.url).toBe(job.environment === undefined ? undefined : url);
    });
  });
});
