import { driftToJson, driftToMarkdown } from '../../pipeline/drift/markdown.js';
import { driftCheckRecord, parseDriftCheckRecord } from '../../pipeline/drift/last-check.js';
import type { DriftResult, EnvironmentDrift } from '../../pipeline/model.js';
import { SUMMARY_LIMIT } from '../../pipeline/report/markdown.js';
import { SHA } from '../report/fixtures.js';

const env = (over: Partial<EnvironmentDrift>): EnvironmentDrift => ({
  environment: 'ops',
  commit: SHA,
  behindMain: 0,
  drift: false,
  changes: { add: 0, change: 0, destroy: 0 },
  resourceChanges: [],
  durationMs: 10,
  ...over,
});
const result = (environments: EnvironmentDrift[], status: DriftResult['status']): DriftResult => ({
  status,
  checkedAt: '2026-12-04T10:00:00.000Z',
  environments,
  durationMs: 99,
});

describe('drift reports', () => {
  const drifted = result(
    [
      env({ environment: 'ops', behindMain: 3 }),
      env({
        environment: 'apps',
        drift: true,
        changes: { add: 1, change: 0, destroy: 1 },
        resourceChanges: [{ address: 'terraform_data.web', actions: ['delete', 'create'] }],
      }),
      env({ environment: 'apps-prod', commit: null, behindMain: null, drift: null, reason: 'no deployment record' }),
    ],
    'drift',
  );

  it("JSON has the issue's shape, with the reason of an unchecked environment", () => {
    expect(driftToJson(drifted)).toEqual({
      status: 'drift',
      checkedAt: '2026-12-04T10:00:00.000Z',
      durationMs: 99,
      environments: [
        {
          environment: 'ops',
          commit: SHA,
          behindMain: 3,
          drift: false,
          changes: { add: 0, change: 0, destroy: 0 },
          resourceChanges: [],
        },
        {
          environment: 'apps',
          commit: SHA,
          behindMain: 0,
          drift: true,
          changes: { add: 1, change: 0, destroy: 1 },
          resourceChanges: [{ address: 'terraform_data.web', actions: ['delete', 'create'] }],
        },
        {
          environment: 'apps-prod',
          commit: null,
          behindMain: null,
          drift: null,
          changes: { add: 0, change: 0, destroy: 0 },
          resourceChanges: [],
          reason: 'no deployment record',
        },
      ],
    });
  });

  it('Markdown: the result, a row per environment, replacements flagged, details only for drifted ones', () => {
    const md = driftToMarkdown(drifted);
    expect(md).toMatch(/^## cdktf-gitops drift check: ⚠️ DRIFT in 1 environment\(s\)/);
    expect(md).toContain('| ops | `0123456789ab` | 3 | ✅ no drift | 0 | 0 | 0 |');
    expect(md).toContain('| apps | `0123456789ab` | 0 | ⚠️ DRIFT | 1 | 0 | **1** ⚠️ |');
    expect(md).toContain('| apps-prod |  |  | — no deployment record | 0 | 0 | 0 |');
    expect(md).toContain('- apps: `terraform_data.web` (replace)');
    expect(md).toContain('<details><summary>apps: 1 to add, 0 to change, 1 to destroy</summary>');
    expect(md).not.toContain('<details><summary>ops');
  });

  it('Markdown of a failed check names the error; no drift reads as such', () => {
    const failed = driftToMarkdown(
      result([env({ drift: null, error: { message: 'cannot check out the recorded commit' } })], 'failed'),
    );
    expect(failed).toMatch(/^## cdktf-gitops drift check: ❌ FAILED/);
    expect(failed).toContain('**Error:** cannot check out the recorded commit');
    expect(driftToMarkdown(result([env({})], 'no-drift'))).toMatch(/^## cdktf-gitops drift check: ✅ no drift/);
  });

  it('Markdown stays within the limit with a visible notice', () => {
    const many = Array.from({ length: 4000 }, (_, i) => ({
      address: `terraform_data.a_rather_long_resource_name_${i}`,
      actions: ['update'],
    }));
    const md = driftToMarkdown(
      result(
        ['ops', 'apps', 'apps-prod'].map((e) =>
          env({ environment: e, drift: true, changes: { add: 0, change: 4000, destroy: 0 }, resourceChanges: many }),
        ),
        'drift',
      ),
    );
    expect(md.length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(md).toContain('✂️ **Summary truncated**');
  });

  it('the last check kept for status round-trips, and anything else reads as none', () => {
    const check = driftCheckRecord(
      env({ drift: true, changes: { add: 1, change: 0, destroy: 0 } }),
      '2026-12-04T10:00:00.000Z',
    );
    expect(check).toEqual({
      time: '2026-12-04T10:00:00.000Z',
      result: 'drift',
      commit: SHA,
      changes: { add: 1, change: 0, destroy: 0 },
    });
    expect(parseDriftCheckRecord(JSON.parse(JSON.stringify(check)))).toEqual(check);
    expect(driftCheckRecord(env({ error: { message: 'x' }, drift: null }), 't')?.result).toBe('failed');
    expect(driftCheckRecord(env({ commit: null, drift: null }), 't')).toBeUndefined();
    for (const bad of [undefined, null, 'drift', { time: 't', commit: SHA, result: 'maybe' }, { result: 'drift' }])
      expect(parseDriftCheckRecord(bad)).toBeUndefined();
  });
});
