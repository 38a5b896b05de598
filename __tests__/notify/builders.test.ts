import {
  driftNotification,
  frozenNotification,
  MAX_NOTIFICATION_TEXT,
  oneLine,
  readyToPromoteNotification,
  runFinishedNotification,
  unfrozenNotification,
} from '../../pipeline/notify/index.js';
import type { RunResult } from '../../pipeline/model.js';

const commit = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const SECRET = 'hunter2-db-password';

/** A failed main run whose result holds a sensitive value in every free-text field it has. */
const run: RunResult = {
  ref: 'refs/heads/main',
  commit,
  trigger: 'main',
  status: 'failed',
  message: `apply failed: ${SECRET}`,
  durationMs: 1234,
  stages: [
    {
      environment: 'ops',
      workspace: 'ops',
      actions: ['init', 'workspace-select', 'plan', 'apply'],
      status: 'applied',
      changes: { add: 1, change: 2, destroy: 0 },
      resourceChanges: [{ address: `terraform_data.x["${SECRET}"]`, actions: ['create'] }],
      durationMs: 1000,
    },
    {
      environment: 'apps',
      workspace: 'apps',
      actions: ['init', 'workspace-select', 'plan'],
      status: 'failed',
      changes: { add: 0, change: 0, destroy: 0 },
      resourceChanges: [],
      durationMs: 200,
      error: { message: `password = ${SECRET}`, diagnostics: [] },
    },
  ],
};

describe('notification bodies', () => {
  it('run-finished: ref, commit, trigger, status and per stage its status and counts, nothing else', () => {
    const body = runFinishedNotification(run, { runUrl: 'https://ci.example/runs/7' });
    expect(body).toEqual({
      event: 'run-finished',
      text:
        'cdktf-gitops: main run of a1b2c3d4e5f6 (refs/heads/main) failed: ops applied (+1 ~2 -0), apps failed ' +
        '(https://ci.example/runs/7)',
      ref: 'refs/heads/main',
      commit,
      trigger: 'main',
      status: 'failed',
      stages: [
        { environment: 'ops', status: 'applied', changes: { add: 1, change: 2, destroy: 0 } },
        { environment: 'apps', status: 'failed', changes: { add: 0, change: 0, destroy: 0 } },
      ],
      runUrl: 'https://ci.example/runs/7',
    });
    expect(JSON.stringify(body)).not.toContain(SECRET);
  });

  it('run-finished without stages or run URL (nothing to do)', () => {
    const body = runFinishedNotification({
      ref: 'refs/tags/v1',
      commit: '',
      trigger: 'none',
      status: 'nothing-to-do',
      stages: [],
    });
    expect(body.text).toBe('cdktf-gitops: none run of unknown commit (refs/tags/v1) nothing-to-do');
    expect(body).not.toHaveProperty('runUrl');
  });

  it('ready-to-promote: where it runs, where it may go, and the command', () => {
    const next = {
      environment: 'apps-prod',
      tag: 'apps-prod-deploy-20261128-153012',
      command: 'git tag x && git push',
    };
    const input = { environment: 'apps', commit, ref: 'refs/tags/apps-deploy-1', next };
    const body = readyToPromoteNotification({ ...input, verified: true });
    expect(readyToPromoteNotification(input).text).toBe(
      'cdktf-gitops: apps runs a1b2c3d4e5f6 (refs/tags/apps-deploy-1); promote it to apps-prod: git tag x && git push',
    );
    expect(body).toEqual({
      event: 'ready-to-promote',
      text:
        'cdktf-gitops: apps runs a1b2c3d4e5f6 (refs/tags/apps-deploy-1), verified; promote it to apps-prod: ' +
        'git tag x && git push',
      status: 'ready',
      environment: 'apps',
      commit,
      ref: 'refs/tags/apps-deploy-1',
      next,
    });
  });

  it('drift: the environment, its recorded commit and the counts', () => {
    const body = driftNotification({ environment: 'apps', commit, changes: { add: 0, change: 3, destroy: 1 } });
    expect(body).toEqual({
      event: 'drift',
      text: 'cdktf-gitops: drift in apps (recorded a1b2c3d4e5f6): 0 to add, 3 to change, 1 to destroy',
      status: 'drifted',
      environment: 'apps',
      commit,
      changes: { add: 0, change: 3, destroy: 1 },
    });
  });

  it('frozen and unfrozen: who, why and until when, on one line however the reason is written', () => {
    const until = new Date('2026-12-01T18:00:00Z');
    const reason = 'release freeze\n\n  see the calendar\t(ops)';
    expect(frozenNotification({ environment: 'apps-prod', reason, by: 'alice', until })).toEqual({
      event: 'frozen',
      text:
        'cdktf-gitops: apps-prod frozen by alice until 2026-12-01T18:00:00.000Z: ' +
        'release freeze see the calendar (ops)',
      status: 'frozen',
      environment: 'apps-prod',
      reason,
      by: 'alice',
      until: '2026-12-01T18:00:00.000Z',
    });
    expect(frozenNotification({ environment: 'ops', reason: 'x', by: 'bob' })).not.toHaveProperty('until');
    expect(unfrozenNotification({ environment: 'apps-prod', by: 'bob', reason: 'release freeze' })).toEqual({
      event: 'unfrozen',
      text: 'cdktf-gitops: apps-prod unfrozen by bob (was: release freeze)',
      status: 'unfrozen',
      environment: 'apps-prod',
      by: 'bob',
      reason: 'release freeze',
    });
    expect(unfrozenNotification({ environment: 'ops', by: 'bob' }).text).toBe('cdktf-gitops: ops unfrozen by bob');
  });
});

describe('oneLine', () => {
  it.each([
    ['a\nb', 'a b'],
    ['a \r\n  b', 'a b'],
    ['a\u2028b\u0085c', 'a b c'],
    ['  a\n', 'a'],
    ['colour \x1b[31mred\x1b[0m', 'colour [31mred[0m'],
    ['nul\0 and bell\x07 and c1\u009b', 'nul and bell and c1'],
    ['café ✓', 'café ✓'],
  ])('%j → %j', (text, line) => {
    expect(oneLine(text)).toBe(line);
  });

  it('cuts a long text, saying so', () => {
    const line = oneLine('x'.repeat(MAX_NOTIFICATION_TEXT + 10));
    expect(line).toHaveLength(MAX_NOTIFICATION_TEXT);
    expect(line.endsWith('x…')).toBe(true);
  });
});
