import { nextRecord, type NextRecordInput } from '../../pipeline/stackdir/record.js';
import { signatureStatus } from '../../pipeline/records/signature.js';
import { countChanges } from '../../pipeline/execute/run-stack.js';
import type { DeploymentRecord } from '../../stacks/deployment-record.js';

const now = new Date('2026-11-28T12:00:00Z');
const previous: DeploymentRecord = {
  version: 1,
  commit: 'aaa',
  ref: 'refs/heads/main',
  trigger: 'main',
  time: '2026-11-01T00:00:00Z',
};

const scope = { kind: 'deployment-record', environment: 'ops', stack: 'ops' } as const;
const input = (over: Partial<NextRecordInput> = {}): NextRecordInput => ({
  commit: 'aaa',
  ref: 'refs/heads/main',
  trigger: 'main',
  ci: { provider: 'local' },
  now,
  gateOverridden: false,
  scope,
  key: undefined,
  ...over,
});

describe('nextRecord', () => {
  it('keeps the previous record (and its time) for the same commit, ref and trigger', () => {
    expect(nextRecord(previous, input())).toBe(previous);
  });

  it('marks an apply the gate refused and an override let through, and writes it anew', () => {
    const next = nextRecord(previous, input({ gateOverridden: true }));
    expect(next).toEqual({ ...previous, time: now.toISOString(), gateOverridden: true });
    expect(next).not.toBe(previous);
  });

  it('signs with the key, and signs anew a kept record that the key did not sign (keeping its time)', () => {
    const signed = nextRecord(previous, input({ key: 'k1' }));
    expect(signed).toMatchObject({ ...previous, signature: expect.stringMatching(/^hmac-sha256:[0-9a-f]{64}$/) });
    expect(signatureStatus(signed, scope, 'k1')).toBe('valid');
    expect(signatureStatus(signed, { ...scope, environment: 'apps' }, 'k1')).toBe('invalid');
    expect(signatureStatus(signed, scope, 'k2')).toBe('invalid');
    expect(nextRecord(signed, input({ key: 'k1' }))).toBe(signed);
    expect(signatureStatus(nextRecord(signed, input({ key: 'k2' })), scope, 'k2')).toBe('valid');
  });

  it.each<[string, Partial<NextRecordInput>]>([
    ['another commit', { commit: 'bbb' }],
    ['another ref', { ref: 'refs/tags/apps-deploy-1' }],
    ['another trigger', { trigger: 'manual' }],
  ])('writes a new record for %s, with the CI run and actor', (_n, over) => {
    const next = nextRecord(
      previous,
      input({ ci: { provider: 'github', runUrl: 'https://ci/run/1', actor: 'octo' }, ...over }),
    );
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
    expect(nextRecord(undefined, input({ commit: 'c', ref: 'r' }))).toEqual({
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
