import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  compareReview,
  describeReview,
  parseReviewedPlan,
  reviewableChanges,
  type ReviewedPlan,
} from '../../pipeline/execute/checks/review.js';
import { changes, SHA } from '../report/fixtures.js';
import { withTempDir } from '../helpers/temp-dir.js';
import { stackAt } from '../helpers/terraform-project.js';
import { stateIdentity } from '../../pipeline/stackdir/local-state.js';

const reviewed: ReviewedPlan = {
  version: 1,
  commit: SHA,
  ref: 'refs/heads/main',
  fingerprint: 'f1',
  lineage: 'L1',
  serial: 3,
  resourceChanges: changes(['terraform_data.a', 'create'], ['terraform_data.b', 'delete']),
  recordedAt: '2026-12-01T10:00:00.000Z',
};
const same = {
  commit: SHA,
  ref: 'refs/tags/apps-deploy-1',
  fingerprint: 'f1',
  lineage: 'L1',
  serial: 3,
  resourceChanges: reviewed.resourceChanges,
};

describe('compareReview', () => {
  it('matches the same commit, stack, state and changes (order and the deployment record do not count)', () => {
    const current = {
      ...same,
      resourceChanges: changes(
        ['terraform_data.cdktf_gitops_deployment', 'update'],
        ['terraform_data.b', 'delete'],
        ['terraform_data.a', 'create'],
      ),
    };
    expect(compareReview(reviewed, current)).toEqual({
      matches: true,
      recordedAt: reviewed.recordedAt,
      reviewedCommit: SHA,
      reviewedRef: 'refs/heads/main',
      differences: [],
    });
  });

  it('says the state changed (serial) and which resources differ, and how', () => {
    const current = {
      ...same,
      serial: 5,
      resourceChanges: changes(['terraform_data.a', 'update'], ['terraform_data.c', 'create']),
    };
    expect(compareReview(reviewed, current).differences).toEqual([
      'the state changed since the review (serial 3 → 5): something applied in between',
      'terraform_data.a: reviewed create, now update',
      'terraform_data.b: delete in the reviewed plan, no longer planned',
      'terraform_data.c: create now, not in the reviewed plan',
    ]);
  });

  it('says the state was replaced (lineage), the commit and the synthesized stack differ', () => {
    const result = compareReview(reviewed, {
      ...same,
      lineage: 'L2',
      serial: 1,
      commit: 'f'.repeat(40),
      fingerprint: 'f2',
    });
    expect(result.matches).toBe(false);
    expect(result.differences).toEqual([
      'the state was replaced since the review (lineage L1 → L2)',
      `the review was of another commit (${SHA.slice(0, 12)}, this is ffffffffffff)`,
      'the synthesized stack differs from the reviewed one',
    ]);
  });

  it('without a record: no match, and says where a record comes from', () => {
    expect(compareReview(undefined, same)).toEqual({
      matches: false,
      differences: [expect.stringMatching(/^no reviewed plan is recorded/)],
    });
  });

  it('a state that did not exist at the review and does not now matches', () => {
    const { lineage: _l, serial: _s, ...noState } = reviewed;
    const { lineage: _l2, serial: _s2, ...nowNoState } = same;
    expect(compareReview(noState, nowNoState).matches).toBe(true);
  });
});

describe('describeReview', () => {
  it('one log line: matches, or the differences', () => {
    expect(describeReview('apps', compareReview(reviewed, same))).toBe(
      'review: apps applies exactly the plan reviewed at refs/heads/main (2026-12-01T10:00:00.000Z)',
    );
    expect(describeReview('apps', compareReview(reviewed, { ...same, serial: 4 }))).toBe(
      'review: apps does NOT apply what was reviewed (reviewed at refs/heads/main, 2026-12-01T10:00:00.000Z): the state changed since the review (serial 3 → 4): something applied in between',
    );
  });
});

describe('parts of a record', () => {
  it('parseReviewedPlan accepts version 1 only', () => {
    expect(parseReviewedPlan(JSON.parse(JSON.stringify(reviewed)))).toEqual(reviewed);
    expect(parseReviewedPlan({ ...reviewed, version: 2 })).toBeUndefined();
    expect(parseReviewedPlan('x')).toBeUndefined();
    expect(parseReviewedPlan(undefined)).toBeUndefined();
  });

  it('stateIdentity keeps lineage and serial only', () => {
    expect(
      stateIdentity({ lineage: 'L', serial: 7, resources: [{ secret: 'x' }], outputs: { a: { value: 's' } } }),
    ).toEqual({ lineage: 'L', serial: 7 });
    expect(stateIdentity(undefined)).toEqual({});
  });

  it('reviewableChanges drops the deployment record and sorts by address', () => {
    expect(
      reviewableChanges(
        changes(['b', 'create'], ['terraform_data.cdktf_gitops_deployment', 'create'], ['a', 'delete']),
      ),
    ).toEqual(changes(['a', 'delete'], ['b', 'create']));
  });

  it("a stack's fingerprint hashes cdk.tf.json, so any change to the stack changes it", () =>
    withTempDir('fingerprint-', (dir) => {
      writeFileSync(path.join(dir, 'cdk.tf.json'), '{"resource":{}}');
      const first = stackAt(dir).fingerprint;
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(stackAt(dir).fingerprint).toBe(first);
      writeFileSync(path.join(dir, 'cdk.tf.json'), '{"resource":{"x":{}}}');
      expect(stackAt(dir).fingerprint).not.toBe(first);
    }));
});
