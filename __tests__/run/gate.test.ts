import type { DeploymentRecord } from '../../stacks/deployment-record.js';
import { GateRefusedError } from '../../pipeline/errors.js';
import { checkPromotionGate, type GateInput } from '../../pipeline/run/gate.js';
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
      `${c1.slice(0, 12)} is on refs/heads/main and ops applied ${c1.slice(0, 12)} (refs/heads/main)`,
    );
  });

  it('passes when ops applied a descendant of the tagged commit, naming both', async () => {
    await expect(checkPromotionGate(input({ previousRecord: record(c2) }))).resolves.toBe(
      `${c1.slice(0, 12)} is on refs/heads/main and ops applied ${c2.slice(0, 12)} (refs/heads/main)`,
    );
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
      /ops last applied .* which does not contain/,
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
