// `.gitlab-ci.yml` as text, from the project's environments and main branch.
import { generatedNotice, jobSummary, STATUS_PAGE_FILE, TERRAFORM_VERSION } from './comments.js';
import {
  BACKEND_PLAN_VARIABLE,
  BACKEND_WRITE_VARIABLE,
  type CiJob,
  ciJobs,
  deploymentTier,
  jobCredentials,
  PG_READ_ONLY_SETTINGS,
  RECORD_KEY_VARIABLE,
} from './jobs.js';
import type { CiSettings } from './settings.js';
import { yamlComment, yamlMapping, yamlScalar } from './yaml-text.js';

/**
 * Commands after the pipeline's own in the jobs that apply and in the drift job: the status page.
 * after_script runs also after a failed script; `npx --no` never fetches a package from the registry.
 */
const REPORT_AFTER_SCRIPT: readonly string[] = [`npx --no cdktf-gitops status --html ${STATUS_PAGE_FILE}`];

/** A job's artifacts: its summary file and the status page, also when the run failed. */
function artifacts(summary: string): string[] {
  return ['  artifacts:', '    when: always', '    expire_in: 30 days', `    paths: [${summary}, ${STATUS_PAGE_FILE}]`];
}

/** The status page of the job that last deployed an environment (opened in the browser where Pages is on). */
const STATUS_PAGE_URL = `$CI_PROJECT_URL/-/jobs/$CI_JOB_ID/artifacts/file/${STATUS_PAGE_FILE}`;

/** A variable's name in the header's table, padded to the widest. */
const pad = (name: string) => name.padEnd(RECORD_KEY_VARIABLE.length + 2);

function header(settings: CiSettings): string[] {
  const applying = settings.environments.join(', ');
  return [
    ...generatedNotice(settings),
    'The Git ref decides what runs (docs/design.md of cdktf-gitops, "What each ref does"). Every job makes',
    'exactly one call that changes anything, `npx cdktf-gitops run`; the tool reads the ref from CI_COMMIT_TAG /',
    'CI_COMMIT_BRANCH and decides the stages itself. The jobs differ only in *when* they start, in their',
    'resource_group (which environment they may change) and in their credentials.',
    '',
    'Status page: in after_script (so also after a failed run) the jobs that apply and the drift job write',
    `${STATUS_PAGE_FILE} (\`cdktf-gitops status --html\`, which only reads) and keep it as an artifact. An applied`,
    "environment's URL (Operate > Environments) is the page of the job that last deployed it; GitLab shows an",
    'HTML artifact in the browser where GitLab Pages is enabled, and offers it as a download elsewhere.',
    '',
    'NOT run on the machines cdktf-gitops is developed on: its tests check the rules below against a table of',
    'refs. Treat the first real pipeline as the real test.',
    '',
    'Credentials: Settings > CI/CD > Variables, all masked.',
    `  ${pad(RECORD_KEY_VARIABLE)}protected, and scoped to the environments that apply (${applying}):`,
    `  ${pad('')}one row per scope. The feature and drift jobs declare no environment: never theirs.`,
    `  ${pad(BACKEND_WRITE_VARIABLE)}protected: the backend's write credentials (main, deploy tags, scheduled drift).`,
    `  ${pad(BACKEND_PLAN_VARIABLE)}not protected: a read-only role; the feature job's ${BACKEND_WRITE_VARIABLE}.`,
    'Protect the main branch and the `*-deploy-*` tags (Settings > Repository), and no other branch: a',
    "feature job on a protected branch would get the protected variables, which win over the job's own.",
    'Other backends split the same way: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (s3, or OIDC with',
    'id_tokens), GOOGLE_CREDENTIALS (gcs), ARM_CLIENT_ID / ARM_CLIENT_SECRET / ARM_TENANT_ID /',
    'ARM_SUBSCRIPTION_ID (azurerm).',
    '',
    '`rules: if:` use fixed forms only (`$CI_COMMIT_TAG =~ /…/`, `$CI_COMMIT_BRANCH == "…"`,',
    '`$CI_COMMIT_BRANCH && $CI_COMMIT_BRANCH != "…"`, `$CI_PIPELINE_SOURCE == "schedule"`), which the tests',
    'interpret. A scheduled pipeline sets CI_COMMIT_BRANCH too, so every push job first refuses schedules',
    '(`when: never`): a drift check never starts an apply. The main branch is spelled out (not',
    "$CI_DEFAULT_BRANCH) to match the project's. Merge-request pipelines do not set CI_COMMIT_BRANCH, so they",
    'start nothing here.',
  ];
}

/** Downloads terraform, checks its SHA-256 and installs it (a shell block of the template's before_script). */
const TERRAFORM_INSTALL = [
  '(cd /tmp \\',
  `  && curl -fsSLO "https://releases.hashicorp.com/terraform/\${TERRAFORM_VERSION}/` +
    `terraform_\${TERRAFORM_VERSION}_linux_amd64.zip" \\`,
  `  && curl -fsSLO "https://releases.hashicorp.com/terraform/\${TERRAFORM_VERSION}/` +
    `terraform_\${TERRAFORM_VERSION}_SHA256SUMS" \\`,
  `  && grep "_linux_amd64.zip" "terraform_\${TERRAFORM_VERSION}_SHA256SUMS" | sha256sum -c - \\`,
  `  && unzip -o -q "terraform_\${TERRAFORM_VERSION}_linux_amd64.zip" terraform -d /usr/local/bin)`,
];

function template(settings: CiSettings): string[] {
  const main = settings.mainBranch;
  return [
    'stages: [pipeline]',
    '',
    'variables:',
    '  # Full history: the promotion gate checks that the tagged commit is reachable from the main branch.',
    '  # With depth 0 GitLab fetches all branches (refs/remotes/origin/*) and tags.',
    '  GIT_DEPTH: "0"',
    `  TERRAFORM_VERSION: "${TERRAFORM_VERSION}"`,
    '',
    '.cdktf-gitops:',
    '  stage: pipeline',
    '  # node:20 (Debian, with curl and unzip) has no terraform: install the pinned version from',
    '  # releases.hashicorp.com and check its SHA-256. An image that has both saves this step.',
    '  image: node:20',
    '  cache:',
    '    key: npm',
    '    paths: [.npm/]',
    '  before_script:',
    '    # linux_amd64: change the suffix for arm64 runners.',
    '    - |',
    ...TERRAFORM_INSTALL.map((line) => `      ${line}`),
    '    - terraform version',
    '    # Belt and braces for runners configured with narrower refspecs: the gate needs the main branch.',
    `    - ${yamlScalar(
      `git rev-parse --verify --quiet refs/remotes/origin/${main} >/dev/null || ` +
        `git fetch --quiet origin "+refs/heads/${main}:refs/remotes/origin/${main}"`,
    )}`,
    '    - npm ci --cache .npm --prefer-offline --no-audit --no-fund',
    '  script:',
    '    # The pipeline bundles main.ts without type checking: a type error stops the job here.',
    '    - npx tsc --noEmit',
    '    - npx cdktf-gitops run --summary-file cdktf-gitops-summary.md',
    '  # Keep the summary, also when the run failed or was refused by the gate.',
    '  artifacts:',
    '    when: always',
    '    expire_in: 30 days',
    '    paths: [cdktf-gitops-summary.md]',
  ];
}

/** What each kind of job adds to its summary line. */
const JOB_NOTES: Readonly<Record<CiJob['kind'], readonly string[]>> = {
  feature: [
    "No resource_group (plans of different branches may run side by side; terraform's state lock orders",
    'them against applies); interruptible, so a newer push to the branch cancels the obsolete plan. A',
    'hard-killed plan can leave a state lock on backends whose locks are not tied to the connection',
    "(pg's are).",
  ],
  main: ['One job per environment at a time, never cancelled.'],
  deploy: [],
  drift: [
    'Pipeline schedules (CI/CD > Schedules, e.g. daily on the main branch) start it. Exit 4 (drift) fails',
    "the job, so drift shows as a failed pipeline (and GitLab's failure mail); the summary artifact lists",
    'what drifted. Nothing is applied. No resource_group: it takes no lock that an apply would wait for on pg.',
  ],
};

const NOT_ON_SCHEDULE = ['    - if: $CI_PIPELINE_SOURCE == "schedule"', '      when: never'];

function rules(job: CiJob, mainBranch: string): string[] {
  const rule = (expression: string) => `    - if: ${yamlScalar(expression)}`;
  switch (job.kind) {
    case 'feature':
      return [...NOT_ON_SCHEDULE, rule(`$CI_COMMIT_BRANCH && $CI_COMMIT_BRANCH != "${mainBranch}"`)];
    case 'main':
      return [...NOT_ON_SCHEDULE, rule(`$CI_COMMIT_BRANCH == "${mainBranch}"`)];
    case 'deploy':
      return [...NOT_ON_SCHEDULE, rule(`$CI_COMMIT_TAG =~ /^${job.tagPrefix!}/`)];
    case 'drift':
      return [rule('$CI_PIPELINE_SOURCE == "schedule"')];
  }
}

/** The job-specific keys between `extends` and `rules`. */
function jobBody(job: CiJob, settings: CiSettings): string[] {
  const after =
    REPORT_AFTER_SCRIPT.length > 0
      ? ['  after_script:', ...REPORT_AFTER_SCRIPT.map((command) => `    - ${yamlScalar(command)}`)]
      : [];
  if (jobCredentials(job.kind).backend === 'plan') {
    const plan = { [BACKEND_WRITE_VARIABLE]: `$${BACKEND_PLAN_VARIABLE}`, ...PG_READ_ONLY_SETTINGS };
    return [
      '  interruptible: true',
      '  # Plan-only: a read-only role, never the record key; the pg backend then creates nothing in init.',
      '  variables:',
      ...yamlMapping(plan, 4),
    ];
  }
  if (job.kind === 'drift') {
    return [
      '  interruptible: true',
      '  script:',
      '    - npx cdktf-gitops drift --summary-file cdktf-gitops-drift.md',
      ...after,
      ...artifacts('cdktf-gitops-drift.md'),
    ];
  }
  const env = job.applies!;
  return [
    `  resource_group: ${yamlScalar(env)}`,
    '  interruptible: false',
    `  # Protected variables: the backend's write credentials and ${RECORD_KEY_VARIABLE} (scoped to ${env}).`,
    "  # The environment's page links the status page of the job that last deployed it.",
    '  environment:',
    `    name: ${yamlScalar(env)}`,
    `    deployment_tier: ${deploymentTier(env, settings.environments)}`,
    `    url: ${yamlScalar(STATUS_PAGE_URL)}`,
    ...after,
    ...artifacts('cdktf-gitops-summary.md'),
  ];
}

function jobLines(job: CiJob, settings: CiSettings): string[] {
  return [
    ...yamlComment([jobSummary(job, settings), ...JOB_NOTES[job.kind]]),
    `${job.name}:`,
    '  extends: .cdktf-gitops',
    ...jobBody(job, settings),
    '  rules:',
    ...rules(job, settings.mainBranch),
  ];
}

/** The GitLab CI configuration for `settings`, as the text `cdktf-gitops ci` writes. Pure. */
export function gitlabCi(settings: CiSettings): string {
  return [
    ...yamlComment(header(settings)),
    '',
    ...template(settings),
    ...ciJobs(settings).flatMap((job) => ['', ...jobLines(job, settings)]),
    '',
  ].join('\n');
}
