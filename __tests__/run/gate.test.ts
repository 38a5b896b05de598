import type { DeploymentRecord } from '../../stacks/deployment-record.js';
import { GateRefusedError } from '../../pipeline/errors.js';
import { checkPromotionGate, type GateInput } from '../../pipeline/decide/gate.js';
import { appendHistory, type HistoryEntry } from '../../pipeline/records/history.js';
import { commit, git, initRepo } from '../helpers/git.js';
import { removeDir, withTempDir } from '../helpers/temp-dir.js';
import { rejectionOf } from '../helpers/errors.js';

// The promotion gate against real git history (no terraform needed: the record is passed in).
const record = (sha: string, trigger = 'main'): DeploymentRecord => ({
  version: 1,
  commit: sha,
  ref: 'refs/heads/main',
  trigger,
  time: '2026-11-28T00:00:00Z',
});

describe('promotion gate', () => {
  let dir: string;
  let c1: string;
  let c2: string;
  let side: string;
  const input = (over: Partial<GateInput>): GateInput => ({
    cwd: dir,
    commit: c1,
    tag: 'apps-deploy-1',
    environment: 'apps',
    mainBranch: 'main',
    previousEnvironment: 'ops',
    previousRecord: record(c1),
    ...over,
  });

  beforeAll(async () => {
    dir = await initRepo();
    c1 = await commit(dir, 'one');
    c2 = await commit(dir, 'two');
    await git(dir, 'checkout', '-q', '-b', 'side', c1);
    side = await commit(dir, 'side');
    await git(dir, 'checkout', '-q', 'main');
  });
  afterAll(() => removeDir(dir));

  it('passes when ops applied exactly the tagged main commit', async () => {
    await expect(checkPromotionGate(input({}))).resolves.toBe(
      `${c1.slice(0, 12)} is on refs/heads/main and ops applied exactly it (refs/heads/main, 2026-11-28T00:00:00Z)`,
    );
  });

  it('refuses a commit ops never applied although it applied one that contains it, naming that one', async () => {
    const error = await rejectionOf(checkPromotionGate(input({ previousRecord: record(c2) })), GateRefusedError);
    expect(error.condition).toBe('validated-upstream');
    expect(error.message).toBe(
      `ops never applied ${c1.slice(0, 12)} through the pipeline; it applied ${c2.slice(0, 12)} ` +
        '(refs/heads/main, 2026-11-28T00:00:00Z, which contains it): tag a commit that ops applied, ' +
        `or wait for the pipeline to apply ${c1.slice(0, 12)} to ops`,
    );
  });

  describe('with the history of applies', () => {
    const entry = (sha: string, over: Partial<HistoryEntry> = {}): HistoryEntry => ({
      version: 1,
      environment: 'ops',
      commit: sha,
      ref: 'refs/heads/main',
      trigger: 'main',
      time: '2026-11-27T00:00:00Z',
      result: 'succeeded',
      stacks: [{ stack: 'ops', lineage: 'l', serial: 3 }],
      ...over,
    });
    const signed = (e: HistoryEntry, key: string) => appendHistory([], e, key)[0]!;

    it('passes for an older commit ops once applied (a rollback), whatever it runs now', async () => {
      const message = await checkPromotionGate(input({ previousRecord: record(c2), history: [entry(c1), entry(c2)] }));
      expect(message).toMatch(/ops applied exactly it \(refs\/heads\/main, 2026-11-27T00:00:00Z\)$/);
    });

    it.each<[string, Partial<HistoryEntry>, RegExp]>([
      ['a failed apply', { result: 'failed' }, /its apply of [0-9a-f]{12} failed/],
      ['a manual apply', { trigger: 'manual' }, /ops has no record of a successful pipeline apply/],
      ['an apply under --override-gate', { gateOverridden: true }, /only under --override-gate/],
    ])('does not take %s as evidence', async (_name, over, message) => {
      const history = [entry(c2), entry(c1, over)];
      const gate = checkPromotionGate(
        input({ previousRecord: undefined, history: over.trigger ? [entry(c1, over)] : history }),
      );
      expect((await rejectionOf(gate, GateRefusedError)).message).toMatch(message);
    });

    it('with a key, takes only validly signed entries and records, and says which is not', async () => {
      const key = 'k1';
      await expect(
        checkPromotionGate(input({ previousRecord: undefined, history: [signed(entry(c1), key)], key })),
      ).resolves.toMatch(/applied exactly it/);
      const unsigned = checkPromotionGate(input({ previousRecord: undefined, history: [entry(c1)], key }));
      const e1 = await rejectionOf(unsigned, GateRefusedError);
      expect(e1.condition).toBe('untrusted-record');
      expect(e1.message).toMatch(
        /ops' record of an apply of [0-9a-f]{12} .* is unsigned \(written without CDKTF_GITOPS_RECORD_KEY\)/,
      );
      const forged = { ...signed(entry(c2), key), commit: c1 };
      const e2 = await rejectionOf(
        checkPromotionGate(input({ previousRecord: undefined, history: [forged], key })),
        GateRefusedError,
      );
      expect(e2.message).toMatch(/forged or signed with another key/);
      const record = checkPromotionGate(input({ previousRecordSignature: 'unsigned', key }));
      expect((await rejectionOf(record, GateRefusedError)).condition).toBe('untrusted-record');
      await expect(checkPromotionGate(input({ previousRecordSignature: 'valid', key }))).resolves.toMatch(
        /applied exactly/,
      );
    });

    it('does not take an entry signed for another environment', async () => {
      const moved = { ...signed(entry(c1, { environment: 'apps' }), 'k'), environment: 'ops' };
      const gate = checkPromotionGate(input({ previousRecord: undefined, history: [moved], key: 'k' }));
      expect((await rejectionOf(gate, GateRefusedError)).message).toMatch(/forged or signed with another key/);
    });
  });

  it.each<[string, () => Partial<GateInput>, GateRefusedError['condition'], RegExp]>([
    [
      'a commit not on main',
      () => ({ commit: side, previousRecord: record(side) }),
      'reachable-from-main',
      /not on refs\/heads\/main: merge the change to main first/,
    ],
    [
      'no record upstream',
      () => ({ previousRecord: undefined }),
      'validated-upstream',
      /ops has no record of a successful pipeline apply/,
    ],
    [
      'a manual apply upstream',
      () => ({ previousRecord: record(c1, 'manual') }),
      'validated-upstream',
      /its last apply was 'manual'/,
    ],
    [
      'an older apply upstream',
      () => ({ commit: c2, previousRecord: record(c1) }),
      'validated-upstream',
      /ops never applied [0-9a-f]{12} through the pipeline; it applied [0-9a-f]{12} \(refs\/heads\/main, [^,]+\):/,
    ],
    [
      'a main branch that does not exist',
      () => ({ mainBranch: 'trunk' }),
      'reachable-from-main',
      /cannot find branch 'trunk'/,
    ],
  ])('refuses %s', async (_name, over, condition, message) => {
    const error = await rejectionOf(checkPromotionGate(input(over())), GateRefusedError);
    expect(error.condition).toBe(condition);
    expect(error.message).toMatch(message);
  });

  it('cannot decide in a shallow clone and says how to fetch', async () => {
    await withTempDir('cdktf-gitops-git-', async (clone) => {
      await git(clone, 'clone', '-q', '--depth', '1', '--branch', 'main', `file://${dir}`, '.');
      const head = await git(clone, 'rev-parse', 'HEAD');
      const gate = checkPromotionGate(input({ cwd: clone, commit: head, previousRecord: record(c1) }));
      const error = await rejectionOf(gate, GateRefusedError);
      expect(error.condition).toBe('undecidable');
      expect(error.message).toMatch(/git fetch --unshallow/);
    });
  });
});
