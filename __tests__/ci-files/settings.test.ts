// What the CI files are generated from: validated names, and the jobs and credentials that follow.
import { ciJobs, deploymentTier, jobCredentials } from '../../pipeline/ci-files/jobs.js';
import { ciSettings, ciSettingsProblems, shortBranchName } from '../../pipeline/ci-files/settings.js';
import { ConfigError } from '../../pipeline/errors.js';

describe('ciSettingsProblems', () => {
  it('accepts the defaults and custom names', () => {
    expect(ciSettingsProblems(['ops', 'apps', 'apps-prod'], 'main')).toEqual([]);
    expect(ciSettingsProblems(['dev', 'qa', 'prod-eu'], 'release/stable')).toEqual([]);
  });

  it.each([
    [['ops'], 'main', /only one environment/],
    [['ops', 'Apps'], 'main', /"Apps" is invalid/],
    [['ops', 'apps-deploy'], 'main', /contains "-deploy"/],
    [['ops', 'cdktf-gitops-drift'], 'main', /reserved for the CI files' drift job/],
    [['ops', 'apps'], "it's", /main branch name "it's" is invalid: .*shell metacharacter/],
    [['ops', 'apps'], 'a..b', /main branch name "a..b" is invalid/],
    [['ops', 'apps'], '', /main branch name "" is invalid/],
  ])('%j on %j: %s', (environments, branch, problem) => {
    expect(ciSettingsProblems(environments, branch).join('\n')).toMatch(problem);
  });

  it('ciSettings throws a ConfigError (exit 2) listing every problem, and shortens refs/heads/ names', () => {
    expect(() => ciSettings(['Ops'], 'a b')).toThrow(ConfigError);
    expect(() => ciSettings(['Ops'], 'a b')).toThrow(/only one environment.*; .*"Ops" is invalid.*; main branch/);
    expect(ciSettings(['ops', 'apps'], 'refs/heads/trunk').mainBranch).toBe('trunk');
    expect(shortBranchName('main')).toBe('main');
  });
});

describe('ciJobs', () => {
  it('has a feature, a main, a deploy job per environment but the first, and a drift job', () => {
    expect(ciJobs(ciSettings(['dev', 'qa', 'prod-eu'], 'trunk'))).toEqual([
      { name: 'feature', kind: 'feature' },
      { name: 'main', kind: 'main', applies: 'dev', thenPlans: 'qa' },
      { name: 'deploy-qa', kind: 'deploy', applies: 'qa', tagPrefix: 'qa-deploy-', thenPlans: 'prod-eu' },
      { name: 'deploy-prod-eu', kind: 'deploy', applies: 'prod-eu', tagPrefix: 'prod-eu-deploy-' },
      { name: 'drift', kind: 'drift' },
    ]);
  });

  it('gives write credentials and the key to applying jobs, write without key to drift, plan-only to feature', () => {
    expect(jobCredentials('main')).toEqual({ backend: 'write', recordKey: true });
    expect(jobCredentials('deploy')).toEqual({ backend: 'write', recordKey: true });
    expect(jobCredentials('drift')).toEqual({ backend: 'write', recordKey: false });
    expect(jobCredentials('feature')).toEqual({ backend: 'plan', recordKey: false });
  });

  it('tiers the first environment testing, the last production, the others staging', () => {
    const envs = ['a', 'b', 'c', 'd'];
    expect(envs.map((env) => deploymentTier(env, envs))).toEqual(['testing', 'staging', 'staging', 'production']);
    expect(['a', 'b'].map((env) => deploymentTier(env, ['a', 'b']))).toEqual(['testing', 'production']);
  });
});
