// Shared by the CI-file tests: what each ref must start.
import { classifyRef } from '../../pipeline/refs/classify.js';

/** What one ref must start in CI; `job: undefined` means nothing runs. */
export interface ExpectedTrigger {
  readonly ref: string;
  /** Job name, the same in both CI files: `feature`, `main` or `deploy-<env>`. */
  readonly job?: string;
  /** Environment the job may change (apply); undefined for plan-only jobs. */
  readonly applies?: string;
}

/** docs/design.md's ref table for the default environments (ops, apps, apps-prod) and main branch `main`. */
export const expectedTriggers: readonly ExpectedTrigger[] = [
  { ref: 'refs/heads/feature-x', job: 'feature' },
  { ref: 'refs/heads/feature/nested', job: 'feature' },
  { ref: 'refs/heads/main-fix', job: 'feature' },
  { ref: 'refs/heads/main', job: 'main', applies: 'ops' },
  { ref: 'refs/tags/apps-deploy-1', job: 'deploy-apps', applies: 'apps' },
  // The longest environment name wins: this is apps-prod, not apps.
  { ref: 'refs/tags/apps-prod-deploy-1', job: 'deploy-apps-prod', applies: 'apps-prod' },
  // ops changes only through main, so its tag is not a trigger.
  { ref: 'refs/tags/ops-deploy-1' },
  { ref: 'refs/tags/v1.0' },
  { ref: 'refs/pull/7/merge' },
];

/**
 * The refs to check for a project: branches (the main branch, names that start like it, `main` when
 * it is not the main branch), each environment's deploy tag, and refs that start nothing.
 */
export function refsToCheck(environments: readonly string[], mainBranch: string): string[] {
  return [
    'refs/heads/feature-x',
    'refs/heads/feature/nested',
    `refs/heads/${mainBranch}-fix`,
    `refs/heads/${mainBranch}`,
    ...(mainBranch === 'main' ? [] : ['refs/heads/main']),
    ...environments.slice(1).map((env) => `refs/tags/${env}-deploy-1`),
    `refs/tags/${environments[0]}-deploy-1`,
    'refs/tags/v1.0',
    'refs/pull/7/merge',
  ];
}

/** What each ref must start, from the pipeline's own classification of it: CI and the tool agree. */
export function expectedTriggersFor(environments: readonly string[], mainBranch: string): ExpectedTrigger[] {
  return refsToCheck(environments, mainBranch).map((ref): ExpectedTrigger => {
    const trigger = classifyRef(ref, { environments, mainBranch });
    if (trigger.kind === 'feature-branch') return { ref, job: 'feature' };
    if (trigger.kind === 'main') return { ref, job: 'main', applies: environments[0]! };
    if (trigger.kind === 'deploy-tag')
      return { ref, job: `deploy-${trigger.environment}`, applies: trigger.environment };
    return { ref };
  });
}

/** The one command every job runs, exactly once. */
export const runCommand = /^npx cdktf-gitops run --summary-file \S+$/;

/** The one command the scheduled drift job runs, exactly once. */
export const driftCommand = /^npx cdktf-gitops drift --summary-file \S+$/;

/** The type check that precedes the run in every job but drift. */
export const typeCheckCommand = 'npx tsc --noEmit';

/** What the jobs that apply and the drift job run after it, also when it failed: the status page. */
export const statusPageCommand = 'npx --no cdktf-gitops status --html status.html';
