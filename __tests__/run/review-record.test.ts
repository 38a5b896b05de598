import { compareReview, sameReview, type ReviewedPlan } from '../../pipeline/execute/checks/review.js';
import { changes, SHA } from '../report/fixtures.js';

// A plan shown again unchanged (a re-run of main) keeps its record: no write to the backend.
describe('sameReview', () => {
  const a: ReviewedPlan = {
    version: 1,
    commit: SHA,
    ref: 'refs/heads/main',
    fingerprint: 'f',
    lineage: 'L',
    serial: 1,
    resourceChanges: changes(['x.y', 'create']),
    recordedAt: 'T1',
  };

  it('ignores the time and the CI run', () => {
    expect(sameReview(a, { ...a, recordedAt: 'T2', runUrl: 'https://ci/run/2' })).toBe(true);
  });

  it.each([
    ['no record', undefined],
    ['another ref', { ...a, ref: 'refs/tags/apps-deploy-1' }],
    ['another serial', { ...a, serial: 2 }],
    ['other changes', { ...a, resourceChanges: changes(['x.y', 'delete']) }],
  ])('%s is not the same', (_name, other) => {
    expect(sameReview(other, { ...a, recordedAt: 'T2' })).toBe(false);
    if (other) expect(compareReview(other, a).matches && other.ref === a.ref).toBe(false);
  });
});
