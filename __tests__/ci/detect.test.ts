import { detectCi, type CiInfo } from '../../pipeline/ci/index.js';

const github: NodeJS.ProcessEnv = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/infra',
  GITHUB_RUN_ID: '123456',
  GITHUB_ACTOR: 'octocat',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_REF: 'refs/tags/apps-deploy-1',
};

const gitlab: NodeJS.ProcessEnv = {
  GITLAB_CI: 'true',
  CI_PIPELINE_URL: 'https://gitlab.example/acme/infra/-/pipelines/77',
  CI_JOB_URL: 'https://gitlab.example/acme/infra/-/jobs/901',
  GITLAB_USER_LOGIN: 'tanuki',
  CI_COMMIT_SHA: 'b'.repeat(40),
  CI_COMMIT_BRANCH: 'main',
};

describe('detectCi', () => {
  it.each<[string, NodeJS.ProcessEnv, CiInfo]>([
    [
      'GitHub Actions',
      github,
      {
        provider: 'github',
        ref: 'refs/tags/apps-deploy-1',
        commit: 'a'.repeat(40),
        runUrl: 'https://github.com/acme/infra/actions/runs/123456',
        actor: 'octocat',
      },
    ],
    [
      'GitHub Enterprise server with a trailing slash',
      { ...github, GITHUB_SERVER_URL: 'https://ghe.example/' },
      {
        provider: 'github',
        ref: 'refs/tags/apps-deploy-1',
        commit: 'a'.repeat(40),
        runUrl: 'https://ghe.example/acme/infra/actions/runs/123456',
        actor: 'octocat',
      },
    ],
    [
      'GitHub without a server URL',
      { ...github, GITHUB_SERVER_URL: undefined },
      {
        provider: 'github',
        ref: 'refs/tags/apps-deploy-1',
        commit: 'a'.repeat(40),
        runUrl: 'https://github.com/acme/infra/actions/runs/123456',
        actor: 'octocat',
      },
    ],
    [
      'GitHub without run id: no URL',
      { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/infra', GITHUB_ACTOR: '' },
      { provider: 'github' },
    ],
    [
      'GitLab CI',
      gitlab,
      {
        provider: 'gitlab',
        ref: 'refs/heads/main',
        commit: 'b'.repeat(40),
        runUrl: 'https://gitlab.example/acme/infra/-/pipelines/77',
        actor: 'tanuki',
      },
    ],
    [
      'GitLab without a pipeline URL uses the job URL',
      { ...gitlab, CI_PIPELINE_URL: '', CI_COMMIT_BRANCH: undefined, CI_COMMIT_TAG: 'apps-prod-deploy-2' },
      {
        provider: 'gitlab',
        ref: 'refs/tags/apps-prod-deploy-2',
        commit: 'b'.repeat(40),
        runUrl: 'https://gitlab.example/acme/infra/-/jobs/901',
        actor: 'tanuki',
      },
    ],
    [
      'GitLab merge request',
      { GITLAB_CI: 'true', CI_MERGE_REQUEST_IID: '9' },
      { provider: 'gitlab', ref: 'refs/merge-requests/9/head' },
    ],
    ['local', {}, { provider: 'local' }],
    [
      'local ignores stray CI variables',
      { GITHUB_SHA: 'c', CI_COMMIT_SHA: 'd', GITHUB_ACTIONS: 'false' },
      { provider: 'local' },
    ],
  ])('%s', (_name, env, expected) => {
    expect(detectCi(env)).toStrictEqual(expected);
  });
});
