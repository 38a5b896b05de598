import { plain, progressRenderer, renderExplain, renderStages, renderStatus } from '../../pipeline/cli/render.js';
import type { PipelineEvent, StackResult, StageResult } from '../../pipeline/model.js';

// How an environment made of stacks reads on a terminal: explain, progress, the final table, status.

const APPLY = ['init', 'workspace-select', 'plan', 'apply'] as const;

function stackResult(stack: string, status: StackResult['status'], extra: Partial<StackResult> = {}): StackResult {
  return {
    environment: 'ops',
    workspace: 'ops',
    actions: [...APPLY],
    stack,
    dependsOn: [],
    status,
    changes: { add: 1, change: 0, destroy: 0 },
    resourceChanges: [],
    durationMs: 1200,
    ...extra,
  };
}

describe('rendering an environment made of stacks', () => {
  it('explain lists the stacks under their stage, with what each waits for', () => {
    const text = renderExplain({
      ref: 'refs/heads/main',
      trigger: 'main',
      stages: [
        {
          environment: 'ops',
          workspace: 'ops',
          actions: [...APPLY],
          stacks: [
            { stack: 'platform', dependsOn: [] },
            { stack: 'services', dependsOn: ['platform'] },
          ],
        },
      ],
    });
    expect(text).toContain('  1. ops (workspace ops): init → workspace-select → plan → apply\n');
    expect(text).toContain('       stack platform\n');
    expect(text).toContain('       stack services (after platform)\n');
  });

  it('progress: stack headers, step lines tagged with the stack, a blocked stack says why', () => {
    const render = progressRenderer({ colors: plain });
    const events: PipelineEvent[] = [
      { type: 'stage-start', environment: 'apps', actions: ['init', 'workspace-select', 'plan'] },
      { type: 'stack-start', environment: 'apps', stack: 'services', dependsOn: ['platform'] },
      { type: 'step-start', environment: 'apps', stack: 'services', action: 'plan' },
      { type: 'step-end', environment: 'apps', stack: 'services', action: 'plan', durationMs: 300, ok: false },
      {
        type: 'stack-end',
        environment: 'apps',
        result: stackResult('services', 'blocked-by-dependencies', {
          environment: 'apps',
          unappliedDependencies: ['platform'],
          error: { message: 'Unsupported attribute', diagnostics: [] },
        }),
      },
    ];
    const lines = events.flatMap(render);
    expect(lines).toEqual([
      '▶ apps: plan  (init → workspace-select → plan)',
      '  ▸ stack services (after platform)',
      '  ✗ [services] plan             0.3s',
      '  → apps/services: blocked-by-dependencies in 1.2s ' +
        '(platform not applied yet: not a final plan; plan failed: Unsupported attribute)',
    ]);
  });

  it('the final table shows each stack under its environment', () => {
    const stage: StageResult = {
      environment: 'ops',
      workspace: 'ops',
      actions: [...APPLY],
      status: 'failed',
      changes: { add: 2, change: 0, destroy: 0 },
      resourceChanges: [],
      durationMs: 2000,
      stacks: [stackResult('a', 'failed'), stackResult('b', 'skipped'), stackResult('c', 'applied')],
    };
    const rows = renderStages([stage], plain)
      .split('\n')
      .filter((l) => /^│/.test(l))
      .map((l) =>
        l
          .split('│')
          .map((c) => c.trim())
          .filter(Boolean)
          .slice(0, 3),
      );
    expect(rows).toEqual([
      ['environment', 'action', 'result'],
      ['ops', 'plan + apply', 'failed'],
      ['a', 'failed', '1'],
      ['b', 'skipped', '1'],
      ['c', 'applied', '1'],
    ]);
  });

  it('status says why an environment of stacks has no record', () => {
    const text = renderStatus([
      { environment: 'ops', workspace: 'ops', exists: true, partial: 'its stacks record different applies (a 1, b 2)' },
    ]);
    expect(text).toContain('no record: its stacks record different applies (a 1, b 2)');
  });
});
