// Shared by the CI-file tests: what each ref must start.

/** What one ref must start in CI; `job: undefined` means nothing runs. */
export interface ExpectedTrigger {
  readonly ref: string;
  /** Job name, the same in both CI files. */
  readonly job?: 'feature' | 'main' | 'deploy-apps' | 'deploy-apps-prod';
  /** Environment the job may change (apply); undefined for plan-only jobs. */
  readonly applies?: 'ops' | 'apps' | 'apps-prod';
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

/** The one command every job runs, exactly once. */
export const runCommand = /^npx cdktf-gitops run --summary-file \S+$/;

/** The one command the scheduled drift job runs, exactly once. */
export const driftCommand = /^npx cdktf-gitops drift --summary-file \S+$/;
