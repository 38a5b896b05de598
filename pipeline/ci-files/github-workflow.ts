// `.github/workflows/cdktf-gitops.yml` as text, from the project's environments and main branch.
import {
  BACKEND_PLAN_VARIABLE,
  BACKEND_WRITE_VARIABLE,
  type CiJob,
  ciJobs,
  jobCredentials,
  PG_READ_ONLY_SETTINGS,
  RECORD_KEY_VARIABLE,
} from './jobs.js';
import { deployTagPatterns } from '../refs/classify.js';
import { generatedNotice, jobSummary, STATUS_PAGE_FILE, TERRAFORM_VERSION } from './comments.js';
import { DRIFT_ENVIRONMENT, type CiSettings } from './settings.js';
import { yamlComment, yamlFlowList, yamlMapping, yamlScalar } from './yaml-text.js';

/** What the workflow is, after the generated-file notice. */
const HEADER = [
  'The Git ref decides what runs (docs/design.md of cdktf-gitops, "What each ref does"). Every job makes',
  'exactly one call that changes anything, `npx cdktf-gitops run`; the tool reads the ref from GITHUB_REF and',
  'decides the stages itself. The jobs differ only in *when* they start, in their concurrency group (which',
  'environment they may change) and in their credentials.',
  '',
  'Status page: after the run, also a failed one, the jobs that apply and the drift job write',
  `${STATUS_PAGE_FILE} (\`cdktf-gitops status --html\`, which only reads) and upload it as the artifact`,
  '`cdktf-gitops-status-<job>`: what runs where, what waits, freezes, the last drift check.',
  '',
  'Credentials: the jobs that apply (main, deploy-*) declare the GitHub environment they change and read',
  `its environment secrets: ${RECORD_KEY_VARIABLE} (the HMAC key that signs and verifies deployment`,
  `records) and the backend's write credentials (${BACKEND_WRITE_VARIABLE}). Deployment rules keep them there:`,
  'the first environment deploys from the main branch only, each other one E from tags `E-deploy-*` only.',
  `The feature job gets a read-only role (repository secret ${BACKEND_PLAN_VARIABLE}) and never the key. The`,
  `drift job writes only drift-check notes: write credentials of environment ${DRIFT_ENVIRONMENT}`,
  '(default branch only), no key.',
  '',
  'Tags: each deploy tag starts exactly one job (environment names never contain `-deploy`, so no tag',
  "starts with two environments' `<env>-deploy-`). The first environment has no deploy tag: it changes",
  'only through the main branch.',
  '',
  "`if:` expressions are kept to fixed forms joined by `&&` (startsWith(github.ref, '…'), github.ref == '…',",
  "github.ref != '…', github.event_name == / != '…'), which cdktf-gitops's tests evaluate for a table of",
  'refs. A schedule runs on the default branch, so every push job also requires',
  "github.event_name == 'push': a drift check never starts an apply. GitHub does not support YAML",
  'anchors, so the steps are repeated per job.',
];

/** What each kind of job adds to its summary line. */
const JOB_NOTES: Readonly<Record<CiJob['kind'], readonly string[]>> = {
  feature: [
    'One group per branch: a newer push makes the older plan obsolete, so cancel it.',
    '(Cancelling sends SIGINT first; terraform then releases its state lock.)',
  ],
  main: [
    'One run at a time per environment; never cancel an apply halfway through.',
    '(GitHub keeps one pending run per group: a newer push replaces an older *pending* one.)',
  ],
  deploy: [],
  drift: [
    "Exit 4 (drift) fails the job, so drift shows as a red run (and GitHub's failure mail); the summary",
    'lists what drifted. Nothing is applied. One check at a time; a newer one makes an older one obsolete.',
  ],
};

/** One step of a job. */
export interface GithubStep {
  /** Comment lines written above the step. */
  readonly comment?: readonly string[];
  /** The step's name in the run's log. */
  readonly name?: string;
  /** A condition, e.g. `always()` for a step that must run after a failed one. */
  readonly if?: string;
  /** An action, `owner/name@version`. */
  readonly uses?: string;
  /** The action's inputs. */
  readonly with?: Readonly<Record<string, string | number | boolean>>;
  /** A shell command (instead of `uses`). */
  readonly run?: string;
  /** Environment variables of the step. */
  readonly env?: Readonly<Record<string, string>>;
}

const SETUP_STEPS: readonly GithubStep[] = [
  {
    comment: ['Full history: the tool resolves commits against the main branch (the promotion gate walks it).'],
    uses: 'actions/checkout@v4',
    with: { 'fetch-depth': 0 },
  },
  { uses: 'actions/setup-node@v4', with: { 'node-version': 20, cache: 'npm' } },
  {
    comment: ["The wrapper script swallows terraform's exit codes (plan -detailed-exitcode returns 2)."],
    uses: 'hashicorp/setup-terraform@v3',
    with: { terraform_version: TERRAFORM_VERSION, terraform_wrapper: false },
  },
  { run: 'npm ci' },
];

const TYPE_CHECK: GithubStep = {
  comment: ['The pipeline bundles main.ts without type checking: a type error stops the job here.'],
  name: 'type-check',
  run: 'npx tsc --noEmit',
};

const secret = (name: string) => `\${{ secrets.${name} }}`;

/** The environment variables of a job's cdktf-gitops step: the credential split of docs/ci.md. */
function credentialEnv(job: CiJob): Record<string, string> {
  const credentials = jobCredentials(job.kind);
  if (credentials.backend === 'plan') {
    return { [BACKEND_WRITE_VARIABLE]: secret(BACKEND_PLAN_VARIABLE), ...PG_READ_ONLY_SETTINGS };
  }
  return {
    [BACKEND_WRITE_VARIABLE]: secret(BACKEND_WRITE_VARIABLE),
    ...(credentials.recordKey ? { [RECORD_KEY_VARIABLE]: secret(RECORD_KEY_VARIABLE) } : {}),
  };
}

/** What the credentials of a job's cdktf-gitops step are, as comment lines above it. */
function credentialComment(job: CiJob): string[] {
  if (job.kind === 'feature') {
    return [
      `Plan-only: a read-only role (repository secret ${BACKEND_PLAN_VARIABLE}), never the record key; the pg`,
      'backend then creates nothing in init. Other backends take plan-only secrets of their own:',
      '  s3:      AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or OIDC via aws-actions/configure-aws-credentials)',
      '  gcs:     GOOGLE_CREDENTIALS (or OIDC via google-github-actions/auth)',
      '  azurerm: ARM_CLIENT_ID / ARM_CLIENT_SECRET / ARM_TENANT_ID / ARM_SUBSCRIPTION_ID',
    ];
  }
  if (job.kind === 'drift') {
    return [`Secrets of environment ${DRIFT_ENVIRONMENT}: write credentials for the drift-check notes, no key.`];
  }
  return [`Secrets of environment ${job.applies!}: the backend's write credentials and the record key.`];
}

function runStep(job: CiJob): GithubStep {
  const command = job.kind === 'drift' ? 'drift' : 'run';
  return {
    comment: credentialComment(job),
    name: `cdktf-gitops ${command}`,
    run: `npx cdktf-gitops ${command} --summary-file "$GITHUB_STEP_SUMMARY"`,
    env: credentialEnv(job),
  };
}

/**
 * The steps after the pipeline's own in the jobs that apply and in the drift job: write the status page
 * and keep it as the job's artifact, also after a failed run. `status` reads every environment's backend,
 * so it gets the run's credentials.
 */
function reportSteps(job: CiJob): GithubStep[] {
  return [
    {
      comment: [
        'The status page (docs/status-page.md of cdktf-gitops), also after a failed run: it reads the backends',
        "with the run's credentials. `npx --no`: after a failed npm ci, never a package from the registry.",
      ],
      name: 'cdktf-gitops status page',
      if: 'always()',
      run: `npx --no cdktf-gitops status --html ${STATUS_PAGE_FILE}`,
      env: credentialEnv(job),
    },
    {
      comment: ["One artifact per job, on the run's Summary page, kept 30 days."],
      name: 'upload the status page',
      if: 'always()',
      uses: 'actions/upload-artifact@v4',
      with: {
        name: `cdktf-gitops-status-${job.name}`,
        path: STATUS_PAGE_FILE,
        'if-no-files-found': 'warn',
        'retention-days': 30,
      },
    },
  ];
}

function stepLines(step: GithubStep): string[] {
  const fields: string[] = [];
  if (step.name !== undefined) fields.push(`name: ${yamlScalar(step.name)}`);
  if (step.if !== undefined) fields.push(`if: ${yamlScalar(step.if)}`);
  if (step.uses !== undefined) fields.push(`uses: ${yamlScalar(step.uses)}`);
  if (step.with !== undefined) fields.push('with:', ...yamlMapping(step.with, 2));
  if (step.run !== undefined) fields.push(`run: ${yamlScalar(step.run)}`);
  if (step.env !== undefined) fields.push('env:', ...yamlMapping(step.env, 2));
  return [
    ...yamlComment(step.comment ?? [], 6),
    ...fields.map((line, i) => `${i === 0 ? '      - ' : '        '}${line}`),
  ];
}

/** The job's `if:`: fixed forms joined by `&&`, which __tests__/ci-files evaluates for a table of refs. */
function condition(job: CiJob, mainBranch: string): string {
  const push = "github.event_name == 'push'";
  switch (job.kind) {
    case 'feature':
      return `${push} && startsWith(github.ref, 'refs/heads/') && github.ref != 'refs/heads/${mainBranch}'`;
    case 'main':
      return `${push} && github.ref == 'refs/heads/${mainBranch}'`;
    case 'deploy':
      return `${push} && startsWith(github.ref, 'refs/tags/${job.tagPrefix!}')`;
    case 'drift':
      return "github.event_name != 'push'";
  }
}

function concurrency(job: CiJob): { group: string; cancel: boolean } {
  if (job.kind === 'feature') return { group: `cdktf-gitops-plan-\${{ github.ref }}`, cancel: true };
  // A slash cannot occur in an environment name, so the drift group never is an environment's.
  if (job.kind === 'drift') return { group: 'cdktf-gitops/drift', cancel: true };
  return { group: `cdktf-gitops-${job.applies!}`, cancel: false };
}

function jobLines(job: CiJob, settings: CiSettings): string[] {
  const { group, cancel } = concurrency(job);
  const environment = job.kind === 'drift' ? DRIFT_ENVIRONMENT : job.applies;
  const shared = [...SETUP_STEPS, ...(job.kind === 'drift' ? [] : [TYPE_CHECK])];
  const uncommented = (steps: readonly GithubStep[]) => steps.map(({ comment: _, ...step }) => step);
  const report = job.kind === 'feature' ? [] : reportSteps(job);
  const steps = [
    // Shared steps are explained once, in the first job that has them.
    ...(job.kind === 'feature' ? shared : uncommented(shared)),
    runStep(job),
    ...(job.kind === 'main' ? report : uncommented(report)),
  ];
  return [
    ...yamlComment([jobSummary(job, settings), ...JOB_NOTES[job.kind]], 2),
    `  ${job.name}:`,
    `    if: ${yamlScalar(condition(job, settings.mainBranch))}`,
    '    runs-on: ubuntu-latest',
    ...(environment !== undefined ? [`    environment: ${yamlScalar(environment)}`] : []),
    '    concurrency:',
    `      group: ${yamlScalar(group)}`,
    `      cancel-in-progress: ${cancel}`,
    '    steps:',
    ...steps.flatMap(stepLines),
  ];
}

/** The GitHub Actions workflow for `settings`, as the text `cdktf-gitops ci` writes. Pure. */
export function githubWorkflow(settings: CiSettings): string {
  const tags = deployTagPatterns(settings);
  const jobs = ciJobs(settings);
  return [
    ...yamlComment([...generatedNotice(settings), ...HEADER]),
    'name: cdktf-gitops',
    '',
    'on:',
    '  push:',
    "    branches: ['**']",
    `    tags: ${yamlFlowList(tags)}`,
    '  # Drift detection: daily, and on demand (Actions > cdktf-gitops > Run workflow).',
    '  schedule:',
    "    - cron: '17 5 * * *'",
    '  workflow_dispatch:',
    '',
    'permissions:',
    '  contents: read',
    '',
    'jobs:',
    ...jobs.flatMap((job, i) => [...(i > 0 ? [''] : []), ...jobLines(job, settings)]),
    '',
  ].join('\n');
}
