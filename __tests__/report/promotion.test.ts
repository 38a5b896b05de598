import { promotionHint, timestampSuffix } from '../../pipeline/report/promotion.js';
import { validateRef } from '../../pipeline/refs/index.js';
import { run, SHA } from './fixtures.js';

const NOW = new Date('2026-01-02T03:04:05.678Z');

describe('promotionHint', () => {
  it('tags the exact commit with a fresh name for the next environment and pushes only that tag', () => {
    expect(promotionHint(run(), ['ops', 'apps', 'apps-prod'], NOW)).toEqual({
      environment: 'apps',
      tag: 'apps-deploy-20260102-030405',
      command: `git tag apps-deploy-20260102-030405 ${SHA} && git push origin apps-deploy-20260102-030405`,
    });
  });

  it('names a tag the pipeline accepts as a deploy tag', () => {
    expect(() => validateRef(`refs/tags/${promotionHint(run(), ['build', 'edge'], NOW)!.tag}`)).not.toThrow();
  });

  it.each([
    ['failed', run({ status: 'failed' })],
    ['refused', run({ status: 'refused' })],
    ['feature branch', run({ trigger: 'feature-branch' })],
    ['deploy tag', run({ trigger: 'deploy-tag' })],
    ['nothing to do', run({ trigger: 'none', status: 'nothing-to-do' })],
    ['no commit', run({ commit: '' })],
  ])('none for a %s run', (_name, r) => {
    expect(promotionHint(r, ['ops', 'apps'], NOW)).toBeUndefined();
  });

  it('none with a single environment', () => {
    expect(promotionHint(run(), ['ops'], NOW)).toBeUndefined();
  });
});

describe('timestampSuffix', () => {
  it.each([
    ['2026-11-28T15:30:12.000Z', '20261128-153012'],
    ['1999-12-31T23:59:59.999Z', '19991231-235959'],
  ])('%s → %s (UTC)', (iso, suffix) => {
    expect(timestampSuffix(new Date(iso))).toBe(suffix);
  });
});
