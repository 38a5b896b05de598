import { renderStatus } from '../../pipeline/cli/render.js';
import { renderDrift } from '../../pipeline/cli/render-drift.js';
import { record, SHA } from '../report/fixtures.js';

describe('drift in the terminal', () => {
  const rec = record();

  it('status shows the last drift check only when some environment has one', () => {
    expect(renderStatus([{ environment: 'ops', workspace: 'ops', exists: true, record: rec }])).not.toContain(
      'last drift check',
    );
    const text = renderStatus([
      {
        environment: 'ops',
        workspace: 'ops',
        exists: true,
        record: rec,
        lastDriftCheck: {
          time: '2026-12-04T05:17:00Z',
          result: 'drift',
          commit: SHA,
          changes: { add: 1, change: 0, destroy: 0 },
        },
      },
      { environment: 'apps', workspace: 'apps', exists: false },
    ]);
    expect(text).toMatch(/last drift check/);
    expect(text).toMatch(/ops .*2026-12-04T05:17:00Z DRIFT/);
  });

  it('drift: the result, a row per environment, and the drifted addresses', () => {
    const text = renderDrift({
      status: 'drift',
      checkedAt: '2026-12-04T05:17:00Z',
      durationMs: 1,
      environments: [
        {
          environment: 'ops',
          commit: SHA,
          behindMain: 2,
          drift: true,
          changes: { add: 1, change: 0, destroy: 0 },
          resourceChanges: [{ address: 'terraform_data.web', actions: ['create'] }],
          durationMs: 1,
        },
        {
          environment: 'apps',
          commit: null,
          behindMain: null,
          drift: null,
          changes: { add: 0, change: 0, destroy: 0 },
          resourceChanges: [],
          reason: 'no deployment record',
          durationMs: 0,
        },
      ],
    });
    expect(text).toMatch(/^drift check at 2026-12-04T05:17:00Z: DRIFT in 1 environment\(s\)/);
    expect(text).toMatch(/ops +│ 0123456789ab +│ +2 │ DRIFT/);
    expect(text).toMatch(/apps +│ +│ +│ no deployment record/);
    expect(text).toContain('  ops: terraform_data.web (create)');
  });

  it('an environment made of stacks: a row per stack in drift, the drifted stacks in status', () => {
    const none = { add: 0, change: 0, destroy: 0 };
    const text = renderDrift({
      status: 'drift',
      checkedAt: '2026-12-04T05:17:00Z',
      durationMs: 1,
      environments: [
        {
          environment: 'ops',
          commit: SHA,
          behindMain: 0,
          drift: true,
          changes: { add: 1, change: 0, destroy: 0 },
          resourceChanges: [{ address: 'b:terraform_data.service', actions: ['create'] }],
          durationMs: 1,
          stacks: [
            { stack: 'a', drift: false, changes: none, resourceChanges: [], durationMs: 1 },
            {
              stack: 'b',
              drift: true,
              changes: { add: 1, change: 0, destroy: 0 },
              resourceChanges: [{ address: 'terraform_data.service', actions: ['create'] }],
              durationMs: 1,
            },
            { stack: 'c', drift: null, changes: none, resourceChanges: [], error: { message: 'x' }, durationMs: 1 },
          ],
        },
      ],
    });
    expect(text).toMatch(/│ ops +│ 0123456789ab +│ +0 │ DRIFT +│ +1 │/);
    expect(text).toMatch(/│ {3}a +│ +│ +│ no drift +│ +0 │/);
    expect(text).toMatch(/│ {3}b +│ +│ +│ DRIFT +│ +1 │/);
    expect(text).toMatch(/│ {3}c +│ +│ +│ check failed +│ +0 │/);
    expect(text).toContain('  ops: b:terraform_data.service (create)');
    const status = renderStatus([
      {
        environment: 'ops',
        workspace: 'ops',
        exists: true,
        record: rec,
        lastDriftCheck: {
          time: '2026-12-04T05:17:00Z',
          result: 'drift',
          commit: SHA,
          changes: { add: 1, change: 0, destroy: 0 },
          stacks: [
            { stack: 'a', result: 'no-drift' },
            { stack: 'b', result: 'drift' },
          ],
        },
      },
    ]);
    expect(status).toMatch(/2026-12-04T05:17:00Z DRIFT \(b: drift\)/);
  });
});
