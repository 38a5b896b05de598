// Every trigger of docs/design.md's ref table is wired in .gitlab-ci.yml, and nothing else is.
import { driftCommand, expectedTriggers, runCommand } from './ref-table.js';
import {
  evaluateRuleIf,
  gitlabJobsFor,
  gitlabJobsForVariables,
  jobNames,
  loadGitlabCi,
  resolveJob,
  scheduleVariables,
} from './gitlab-ci.js';

const config = loadGitlabCi();
const globals = config.variables as Record<string, string>;

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

describe('.gitlab-ci.yml', () => {
  it('fetches the full history (the promotion gate walks it)', () => {
    expect(String(globals.GIT_DEPTH)).toBe('0');
    for (const name of jobNames(config)) expect(resolveJob(config, name).variables?.GIT_DEPTH).toBeUndefined();
  });

  it('pins terraform 1.11.4', () => {
    expect(globals.TERRAFORM_VERSION).toBe('1.11.4');
  });

  it.each(expectedTriggers)('$ref starts $job', ({ ref, job, applies }) => {
    const jobs = gitlabJobsFor(config, ref);
    if (job === undefined) {
      expect(jobs).toEqual([]);
      return;
    }
    expect(jobs).toEqual([job]);
    const resolved = resolveJob(config, job);
    // Applying jobs: one per environment at a time, never cancelled; plans: cancellable, unserialized.
    expect(resolved.resource_group).toBe(applies);
    expect(resolved.interruptible ?? false).toBe(applies === undefined);
  });

  it.each(['main', 'feature-x'])('a pipeline schedule on %s starts only the drift job, never a push job', (branch) => {
    expect(gitlabJobsForVariables(config, scheduleVariables(branch))).toEqual(['drift']);
  });

  it('no push starts the drift job; it is interruptible and serializes on no environment', () => {
    for (const { ref } of expectedTriggers) expect(gitlabJobsFor(config, ref)).not.toContain('drift');
    const drift = resolveJob(config, 'drift');
    expect(drift.resource_group).toBeUndefined();
    expect(drift.interruptible).toBe(true);
  });

  describe.each(jobNames(config))('job %s', (name) => {
    const job = resolveJob(config, name);

    it('runs npm ci, then exactly one cdktf-gitops run (drift for the drift job)', () => {
      expect(job.image).toBe('node:20');
      const before = (job.before_script ?? []).map((s) => s.trim());
      expect(before.some((s) => s.startsWith('npm ci'))).toBe(true);
      expect(job.script).toHaveLength(1);
      expect(job.script![0]).toMatch(name === 'drift' ? driftCommand : runCommand);
      expect(before.some((s) => s.includes('cdktf-gitops'))).toBe(false);
    });

    it('keeps the summary file as an artifact, also on failure', () => {
      const summary = /--summary-file (\S+)$/.exec(job.script![0]!)![1];
      expect(job.artifacts?.paths).toEqual([summary]);
      expect(job.artifacts?.when).toBe('always');
    });
  });
});
