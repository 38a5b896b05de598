import { nextRecord } from '../../pipeline/run/record.js';
import { countChanges } from '../../pipeline/run/stage.js';
import type { DeploymentRecord } from '../../stacks/deployment-record.js';

const now = new Date('2026-11-28T12:00:00Z');
const previous: DeploymentRecord = {
  version: 1,
  commit: 'aaa',
  ref: 'refs/heads/main',
  trigger: 'main',
  time: '2026-11-01T00:00:00Z',
};

describe('nextRecord', () => {
  it('keeps the previous record (and its time) for the same commit, ref and trigger', () => {
    expect(
      nextRecord(previous, { commit: 'aaa', ref: 'refs/heads/main', trigger: 'main', ci: { provider: 'local' }, now }),
    ).toBe(previous);
  });

  it.each<[string, Partial<Parameters<typeof nextRecord>[1]>]>([
    ['another commit', { commit: 'bbb' }],
    ['another ref', { ref: 'refs/tags/apps-deploy-1' }],
    ['another trigger', { trigger: 'manual' }],
  ])('writes a new record for %s, with the CI run and actor', (_n, over) => {
    const next = nextRecord(previous, {
      commit: 'aaa',
      ref: 'refs/heads/main',
      trigger: 'main',
      ci: { provider: 'github', runUrl: 'https://ci/run/1', actor: 'octo' },
      now,
      ...over,
    });
    expect(next).toEqual({
      version: 1,
      commit: 'aaa',
      ref: 'refs/heads/main',
      trigger: 'main',
      time: now.toISOString(),
      runUrl: 'https://ci/run/1',
      actor: 'octo',
      ...over,
    });
  });

  it('writes no CI fields outside CI', () => {
    expect(nextRecord(undefined, { commit: 'c', ref: 'r', trigger: 'main', ci: { provider: 'local' }, now })).toEqual({
      version: 1,
      commit: 'c',
      ref: 'r',
      trigger: 'main',
      time: now.toISOString(),
    });
  });
});

describe('countChanges', () => {
  it('counts creates, updates, deletes and replacements, leaving out the deployment record', () => {
    const counts = countChanges({
      resourceChanges: [
        { address: 'terraform_data.a', actions: ['create'] },
        { address: 'terraform_data.b', actions: ['update'] },
        { address: 'terraform_data.c', actions: ['delete'] },
        { address: 'terraform_data.d', actions: ['delete', 'create'] },
        { address: 'terraform_data.cdktf_gitops_deployment', actions: ['update'] },
      ],
    });
    expect(counts).toEqual({ add: 2, change: 1, destroy: 2 });
  });
});
