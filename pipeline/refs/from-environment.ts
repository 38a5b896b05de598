/** Where a CI-provided ref came from. */
export type CiRefSource = 'github' | 'gitlab';

/**
 * The ref a CI system says this run is for, or undefined outside CI (or when it gives none):
 * - GitHub Actions (`GITHUB_ACTIONS=true`): `GITHUB_REF` as is (`refs/pull/7/merge` for pull requests);
 * - GitLab CI (`GITLAB_CI=true`): a merge request pipeline (`CI_MERGE_REQUEST_IID`) gives
 *   `refs/merge-requests/<iid>/head`, else `CI_COMMIT_TAG` gives `refs/tags/<tag>`, else
 *   `CI_COMMIT_BRANCH` gives `refs/heads/<branch>`.
 * Pure; empty variables count as unset. The result is not validated.
 */
export function refFromEnvironment(env: NodeJS.ProcessEnv): { ref: string; source: CiRefSource } | undefined {
  if (env.GITHUB_ACTIONS === 'true') {
    const ref = nonEmpty(env.GITHUB_REF);
    if (ref !== undefined) return { ref, source: 'github' };
  }
  if (env.GITLAB_CI === 'true') {
    const ref = gitlabRef(env);
    if (ref !== undefined) return { ref, source: 'gitlab' };
  }
  return undefined;
}

function gitlabRef(env: NodeJS.ProcessEnv): string | undefined {
  // Merge request first: such a pipeline must never act as its source branch, whatever else is set.
  const mr = nonEmpty(env.CI_MERGE_REQUEST_IID);
  if (mr !== undefined) return `refs/merge-requests/${mr}/head`;
  const tag = nonEmpty(env.CI_COMMIT_TAG);
  if (tag !== undefined) return `refs/tags/${tag}`;
  const branch = nonEmpty(env.CI_COMMIT_BRANCH);
  return branch === undefined ? undefined : `refs/heads/${branch}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
