// Status models the page tests render: a project after a promotion and a freeze, one with an environment
// whose stacks disagree, and one with no records at all.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DriftCheckRecord } from '../../../pipeline/model.js';
import type { HistoryEntry } from '../../../pipeline/records/history.js';
import type {
  CommitView,
  EnvironmentView,
  StatusModel,
  VerificationView,
} from '../../../pipeline/report/status-model.js';
import { renderStatusPage } from '../../../pipeline/report/status-page/index.js';

/** When every fixture model was read. */
export const GENERATED_AT = '2026-12-08T10:00:00Z';

/** A commit of main as the model names it. */
function commit(sha: string, subject: string, author: string, time: string): CommitView {
  return { sha, subject, author, time };
}

/** Commits on main, oldest first: the project's first commit and three changes. */
export const C0 = commit(
  '0f9e8d7c6b5a49382716a5b4c3d2e1f00a1b2c3d',
  'Start the infrastructure project',
  'Dana Kim',
  '2026-11-28T09:00:00Z',
);
export const C1 = commit(
  '1b23c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5',
  'Pin the module versions',
  'Dana Kim',
  '2026-12-01T11:03:00Z',
);
export const C2 = commit(
  '857963d1b2c3d4e5f60718293a4b5c6d7e8f9012',
  'Add the DNS record of the status page',
  'Lee Ortiz',
  '2026-12-07T15:40:00Z',
);
export const C3 = commit(
  'e4b2f37a9c1d8e6f5a4b3c2d1e0f9a8b7c6d5e4f',
  'Raise the web tier to three replicas',
  'Dana Kim',
  '2026-12-08T09:12:00Z',
);

/** The freeze of apps-prod in {@link promotedProject}. */
export const FREEZE_REASON = 'Year-end sales traffic: no production changes until the sale ends';

const RUNS = 'https://github.com/acme/infra/actions/runs';
const OPS_STACK = [{ stack: 'ops', lineage: 'b1c0', serial: 4 }];

/** A history entry of `environment` (succeeded, by the pipeline), overridable. */
export function entry(environment: string, commit: CommitView, over: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    version: 1,
    environment,
    commit: commit.sha,
    ref: 'refs/heads/main',
    trigger: 'main',
    time: commit.time!,
    result: 'succeeded',
    actor: 'dana-kim',
    runUrl: `${RUNS}/1`,
    stacks: environment === 'ops' ? OPS_STACK : [{ stack: environment }],
    ...over,
  };
}

/** The tag command `status` prints for promoting `commit` to `environment`. */
export function tagCommand(environment: string, commit: CommitView): string {
  const tag = `${environment}-deploy-20261208-100000`;
  return `git tag ${tag} ${commit.sha} && git push origin ${tag}`;
}

/** What an environment runs after `applied`, the apply of `commit`. */
function currentOf(commit: CommitView, applied: HistoryEntry): NonNullable<EnvironmentView['current']> {
  const { ref, trigger, time: appliedAt, actor, runUrl } = applied;
  return { ...commit, ref, trigger, appliedAt, ...(actor ? { actor } : {}), ...(runUrl ? { runUrl } : {}) };
}

/** The drift check of this morning, of `commit`. */
function driftCheck(commit: CommitView, change: number): DriftCheckRecord {
  return {
    time: '2026-12-08T09:45:00Z',
    result: change > 0 ? 'drift' : 'no-drift',
    commit: commit.sha,
    changes: { add: 0, change, destroy: 0 },
  };
}

/** A verification at `time` in which every check in `names` passed. */
function passed(time: string, ...names: string[]): VerificationView {
  return { status: 'passed', time, checks: names.map((name) => ({ name, status: 'passed', exitCode: 0, output: '' })) };
}

/**
 * main applied C1 and C2 to ops, tags promoted C1 to apps and apps-prod, an apps-deploy tag promoted C2
 * to apps, another main run applied C3 to ops (after one failed try), a drift check found drift in apps,
 * and apps-prod was frozen. apps waits for C3, apps-prod for C2; apps still soaks.
 */
export function promotedProject(): StatusModel {
  const opsHistory = [
    entry('ops', C3, { time: '2026-12-08T09:20:00Z', runUrl: `${RUNS}/12046` }),
    entry('ops', C3, { time: '2026-12-08T09:14:00Z', result: 'failed', runUrl: `${RUNS}/12045` }),
    entry('ops', C2, { time: '2026-12-07T15:48:00Z', actor: 'lee-ortiz', runUrl: `${RUNS}/11980` }),
    entry('ops', C1, { time: '2026-12-01T11:10:00Z', runUrl: `${RUNS}/11702` }),
    entry('ops', C0, { time: '2026-11-28T09:06:00Z', runUrl: `${RUNS}/11555` }),
  ];
  const tag = (ref: string, time: string) => ({ ref: `refs/tags/${ref}`, trigger: 'deploy-tag', time });
  const appsHistory = [
    entry('apps', C2, { ...tag('apps-deploy-20261208-083000', '2026-12-08T08:30:00Z'), actor: 'lee-ortiz' }),
    entry('apps', C1, tag('apps-deploy-20261202-090000', '2026-12-02T09:00:00Z')),
  ];
  const prodHistory = [
    entry('apps-prod', C1, {
      ...tag('apps-prod-deploy-20261203-140000', '2026-12-03T14:00:00Z'),
      actor: 'maria-s',
      approvals: ['allow-destroy'],
      runUrl: `${RUNS}/11810`,
    }),
  ];
  const ops: EnvironmentView = {
    environment: 'ops',
    current: currentOf(C3, opsHistory[0]!),
    recordSignature: 'valid',
    verification: {
      status: 'passed',
      time: '2026-12-08T09:21:00Z',
      checks: [{ name: 'smoke', status: 'passed', exitCode: 0, output: 'GET /healthz 200' }],
    },
    lastDriftCheck: driftCheck(C3, 0),
    pending: { commits: [], from: 'main' },
    history: opsHistory,
  };
  const apps: EnvironmentView = {
    environment: 'apps',
    current: currentOf(C2, appsHistory[0]!),
    recordSignature: 'valid',
    verification: passed('2026-12-08T08:31:00Z', 'smoke', 'health'),
    soak: { until: '2026-12-08T10:31:00Z', remainingMs: 31 * 60_000 },
    lastDriftCheck: driftCheck(C2, 1),
    pending: { commits: [C3], from: 'ops', command: tagCommand('apps', C3) },
    history: appsHistory,
  };
  const appsProd: EnvironmentView = {
    environment: 'apps-prod',
    current: currentOf(C1, prodHistory[0]!),
    recordSignature: 'valid',
    verification: passed('2026-12-03T14:01:00Z', 'smoke'),
    freeze: { reason: FREEZE_REASON, by: 'maria-s', at: '2026-12-08T09:50:00Z', until: '2026-12-09T08:00:00Z' },
    lastDriftCheck: driftCheck(C1, 0),
    pending: { commits: [C2], from: 'apps', command: tagCommand('apps-prod', C2) },
    history: prodHistory,
  };
  return {
    generatedAt: GENERATED_AT,
    mainBranch: 'main',
    environments: [ops, apps, appsProd],
    commits: [C3, C2, C1, C0],
  };
}

/** The stack whose apply of C3 failed in {@link partialProject}'s apps. */
export const BEHIND_STACK = 'app';

/**
 * An environment of three stacks whose last apply failed part-way (apps: `app` still runs C2, the
 * others C3), after an apps-prod apply that overrode the gate and failed its verification.
 */
export function partialProject(): StatusModel {
  const base = promotedProject();
  const [ops, apps, appsProd] = base.environments as [EnvironmentView, EnvironmentView, EnvironmentView];
  const stacks = ['network', BEHIND_STACK, 'db'];
  const { current: _applied, soak: _soak, ...appsRest } = apps;
  const partialApps: EnvironmentView = {
    ...appsRest,
    partial:
      `its stacks run different commits: ${BEHIND_STACK} runs ${C2.sha.slice(0, 7)}, ` +
      `network and db run ${C3.sha.slice(0, 7)}`,
    stacks: stacks.map((stack) => ({ stack, commit: stack === BEHIND_STACK ? C2.sha : C3.sha })),
    pending: { commits: [C3], from: 'ops', command: tagCommand('apps', C3) },
    history: [
      entry('apps', C3, {
        ref: 'refs/tags/apps-deploy-20261208-093000',
        trigger: 'deploy-tag',
        time: '2026-12-08T09:30:00Z',
        result: 'failed',
        stacks: stacks.map((stack) => ({ stack })),
      }),
      ...apps.history,
    ],
  };
  const overrideTag = 'refs/tags/apps-prod-deploy-20261208-094000';
  const overridden: EnvironmentView = {
    ...appsProd,
    current: { ...appsProd.current!, ...C2, ref: overrideTag, gateOverridden: true, appliedAt: '2026-12-08T09:40:00Z' },
    recordSignature: 'unsigned',
    stateProblem: 'the state of apps-prod was replaced since the pipeline applied it (lineage b1c0 → 77aa)',
    verification: {
      status: 'failed',
      time: '2026-12-08T09:41:00Z',
      checks: [
        {
          name: 'smoke',
          status: 'failed',
          exitCode: 1,
          output: 'GET https://shop.example/healthz → 503 Service Unavailable',
        },
        { name: 'health', status: 'passed', exitCode: 0, output: '' },
      ],
    },
    pending: { commits: [], from: 'apps' },
    history: [
      entry('apps-prod', C2, {
        ref: overrideTag,
        trigger: 'deploy-tag',
        gateOverridden: true,
        time: '2026-12-08T09:40:00Z',
      }),
      ...appsProd.history,
    ],
  };
  const { freeze: _freeze, ...unfrozen } = overridden;
  return { ...base, environments: [ops, partialApps, unfrozen] };
}

/** A project whose environments never had an apply: main has its first commit, nothing is recorded. */
export function emptyProject(): StatusModel {
  const env = (environment: string): EnvironmentView => ({ environment, history: [] });
  return {
    generatedAt: GENERATED_AT,
    mainBranch: 'main',
    environments: [{ ...env('ops'), pending: { commits: [C0], from: 'main' } }, env('apps'), env('apps-prod')],
    commits: [C0],
  };
}

/** Writes `model`'s page to `dir/name.html` and returns its path. */
export function writePage(dir: string, name: string, model: StatusModel): string {
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, renderStatusPage(model));
  return file;
}

/** Markup in every kind of text a model carries: a page that ran or rendered any of it would show it. */
export const HOSTILE = {
  subject: '<img src="x" onerror="window.pwned=1">Fix the <b>bold</b> bug',
  reason: '</p><script>window.pwned=2</script> maintenance & "quotes"',
  output: '</pre><script>window.pwned=3</script>',
  actor: '<svg onload="window.pwned=4">',
  runUrl: 'javascript:window.pwned=5',
  stack: '<style>body{display:none}</style>',
  branch: 'main"><script>window.pwned=6</script>',
} as const;

/** {@link promotedProject} with {@link HOSTILE} text in subjects, a freeze reason, output, actors, links, stacks. */
export function hostileProject(): StatusModel {
  const base = promotedProject();
  const [ops, apps, appsProd] = base.environments as [EnvironmentView, EnvironmentView, EnvironmentView];
  const subject = HOSTILE.subject;
  return {
    ...base,
    mainBranch: HOSTILE.branch,
    commits: [{ ...C3, subject }, ...base.commits.slice(1)],
    environments: [
      {
        ...ops,
        current: { ...ops.current!, subject, actor: HOSTILE.actor, runUrl: HOSTILE.runUrl },
        history: [entry('ops', C3, { actor: HOSTILE.actor, runUrl: HOSTILE.runUrl, ref: HOSTILE.branch })],
      },
      {
        ...apps,
        partial: HOSTILE.reason,
        stacks: [{ stack: HOSTILE.stack, commit: C2.sha }],
        verification: {
          status: 'failed',
          time: GENERATED_AT,
          checks: [{ name: HOSTILE.stack, status: 'failed', exitCode: 1, output: HOSTILE.output }],
        },
        pending: { commits: [{ ...C3, subject }], from: 'ops', command: `${tagCommand('apps', C3)} ${HOSTILE.reason}` },
      },
      { ...appsProd, freeze: { ...appsProd.freeze!, reason: HOSTILE.reason, by: HOSTILE.actor } },
    ],
  };
}
