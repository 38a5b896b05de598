import { refFromEnvironment } from '../../pipeline/refs/index.js';

describe('refFromEnvironment', () => {
  it.each<[string, NodeJS.ProcessEnv, ReturnType<typeof refFromEnvironment>]>([
    [
      'GitHub branch',
      { GITHUB_ACTIONS: 'true', GITHUB_REF: 'refs/heads/main' },
      { ref: 'refs/heads/main', source: 'github' },
    ],
    [
      'GitHub tag',
      { GITHUB_ACTIONS: 'true', GITHUB_REF: 'refs/tags/apps-deploy-1' },
      { ref: 'refs/tags/apps-deploy-1', source: 'github' },
    ],
    [
      'GitHub pull request',
      { GITHUB_ACTIONS: 'true', GITHUB_REF: 'refs/pull/7/merge' },
      { ref: 'refs/pull/7/merge', source: 'github' },
    ],
    ['GitHub without GITHUB_REF', { GITHUB_ACTIONS: 'true' }, undefined],
    ['GitHub with empty GITHUB_REF', { GITHUB_ACTIONS: 'true', GITHUB_REF: '' }, undefined],
    ['GITHUB_REF outside Actions is ignored', { GITHUB_REF: 'refs/heads/main' }, undefined],
    ['GITHUB_ACTIONS not exactly true', { GITHUB_ACTIONS: '1', GITHUB_REF: 'refs/heads/main' }, undefined],
    [
      'GitLab tag',
      { GITLAB_CI: 'true', CI_COMMIT_TAG: 'apps-prod-deploy-3', CI_COMMIT_REF_NAME: 'apps-prod-deploy-3' },
      { ref: 'refs/tags/apps-prod-deploy-3', source: 'gitlab' },
    ],
    [
      'GitLab branch',
      { GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'feature/x' },
      { ref: 'refs/heads/feature/x', source: 'gitlab' },
    ],
    [
      'GitLab tag wins over branch',
      { GITLAB_CI: 'true', CI_COMMIT_TAG: 't', CI_COMMIT_BRANCH: 'main' },
      { ref: 'refs/tags/t', source: 'gitlab' },
    ],
    [
      'GitLab merge request',
      { GITLAB_CI: 'true', CI_MERGE_REQUEST_IID: '42', CI_COMMIT_REF_NAME: 'feature/x' },
      { ref: 'refs/merge-requests/42/head', source: 'gitlab' },
    ],
    [
      'GitLab merge request never acts as its branch',
      { GITLAB_CI: 'true', CI_MERGE_REQUEST_IID: '42', CI_COMMIT_BRANCH: 'main' },
      { ref: 'refs/merge-requests/42/head', source: 'gitlab' },
    ],
    [
      'GitLab with empty tag falls back to branch',
      { GITLAB_CI: 'true', CI_COMMIT_TAG: '', CI_COMMIT_BRANCH: 'main' },
      { ref: 'refs/heads/main', source: 'gitlab' },
    ],
    ['GitLab with nothing', { GITLAB_CI: 'true' }, undefined],
    ['GitLab variables outside GitLab are ignored', { CI_COMMIT_BRANCH: 'main' }, undefined],
    [
      'GitHub first when both claim the run',
      { GITHUB_ACTIONS: 'true', GITHUB_REF: 'refs/heads/gh', GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'gl' },
      { ref: 'refs/heads/gh', source: 'github' },
    ],
    [
      'GitLab when GitHub gives no ref',
      { GITHUB_ACTIONS: 'true', GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'gl' },
      { ref: 'refs/heads/gl', source: 'gitlab' },
    ],
    ['nothing', {}, undefined],
  ])('%s', (_name, env, expected) => {
    expect(refFromEnvironment(env)).toEqual(expected);
  });
});
