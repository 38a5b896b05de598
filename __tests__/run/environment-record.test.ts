import { environmentRecord } from '../../pipeline/records/environment-record.js';
import type { DeploymentRecord } from '../../stacks/deployment-record.js';

const rec = (commit: string, ref = 'refs/heads/main'): DeploymentRecord => ({
  version: 1,
  commit,
  ref,
  trigger: 'main',
  time: '2026-12-04T00:00:00Z',
});
const stored = (r?: DeploymentRecord) => (r ? { raw: JSON.stringify(r), record: r } : { raw: '' });

describe('environmentRecord', () => {
  it('is the record every stack carries', () => {
    const env = environmentRecord([
      { stack: 'a', stored: stored(rec('1111111111111111')) },
      { stack: 'b', stored: stored(rec('1111111111111111')) },
    ]);
    expect(env).toMatchObject({ exists: true, record: { commit: '1111111111111111' } });
    expect(env.partial).toBeUndefined();
  });

  it('is absent, with the reason, when the stacks recorded different applies (a partial run)', () => {
    const env = environmentRecord([
      { stack: 'a', stored: stored(rec('2222222222222222')) },
      { stack: 'b', stored: stored(rec('1111111111111111')) },
      { stack: 'c', stored: stored() },
    ]);
    expect(env.record).toBeUndefined();
    expect(env.partial).toBe('its stacks record different applies (a 222222222222, b 111111111111, c none)');
  });

  it('is absent when the same commit was applied from different refs', () => {
    const env = environmentRecord([
      { stack: 'a', stored: stored(rec('1111111111111111', 'refs/heads/main')) },
      { stack: 'b', stored: stored(rec('1111111111111111', 'refs/tags/apps-deploy-1')) },
    ]);
    expect(env.record).toBeUndefined();
  });

  it('says whether any stack workspace exists', () => {
    expect(environmentRecord([{ stack: 'a', stored: undefined }]).exists).toBe(false);
    expect(
      environmentRecord([
        { stack: 'a', stored: undefined },
        { stack: 'b', stored: stored() },
      ]),
    ).toMatchObject({
      exists: true,
    });
  });
});
