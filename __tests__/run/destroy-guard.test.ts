import { findTrailerApproval, parseAllowDestroy } from '../../pipeline/execute/checks/approval-trailers.js';
import { checkDestroys, describeGuard, protectedEnvironments } from '../../pipeline/execute/checks/destroy-guard.js';
import { commit, git, initRepo } from '../helpers/git.js';
import { removeDir } from '../helpers/temp-dir.js';
import { changes } from '../report/fixtures.js';

const input = (over: Partial<Parameters<typeof checkDestroys>[0]> = {}) => ({
  environment: 'apps',
  resourceChanges: changes(
    ['terraform_data.a', 'delete'],
    ['terraform_data.b', 'delete', 'create'],
    ['terraform_data.c', 'create'],
    ['terraform_data.d', 'create', 'delete'],
    ['terraform_data.e', 'update'],
  ),
  protected: true,
  allowDestroy: false,
  ...over,
});
const byTrailer = { commit: 'c0ffee0123456789c0ffee0123456789c0ffee01', notes: [] };

describe('checkDestroys', () => {
  it('lists deletes and replacements (either order) of a protected environment and refuses them', () => {
    expect(checkDestroys(input())).toEqual({
      destroys: ['terraform_data.a'],
      replaces: ['terraform_data.b', 'terraform_data.d'],
      refused: true,
    });
  });

  it("reads the -json stream's `replace` action as a replacement", () => {
    expect(checkDestroys(input({ resourceChanges: changes(['x.y', 'replace']) }))).toMatchObject({
      destroys: [],
      replaces: ['x.y'],
    });
  });

  it('is approved by the flag first, then by a trailer the promotion brings', () => {
    expect(checkDestroys(input({ allowDestroy: true, trailer: byTrailer }))).toMatchObject({
      approvedBy: 'flag',
      refused: false,
    });
    expect(checkDestroys(input({ trailer: byTrailer }))).toMatchObject({
      approvedBy: 'trailer',
      trailerCommit: byTrailer.commit,
      refused: false,
    });
    const none = { notes: ['a rollback'] };
    expect(checkDestroys(input({ trailer: none }))).toMatchObject({ refused: true, notes: ['a rollback'] });
  });

  it('lets an unprotected environment through, without approval, still listing what goes', () => {
    const guard = checkDestroys(input({ protected: false }));
    expect(guard).toEqual({
      destroys: ['terraform_data.a'],
      replaces: ['terraform_data.b', 'terraform_data.d'],
      refused: false,
    });
  });

  it('has nothing to say about creates, updates and the deployment record', () => {
    const only = changes(
      ['terraform_data.c', 'create'],
      ['terraform_data.e', 'update'],
      ['terraform_data.cdktf_gitops_deployment', 'delete', 'create'],
    );
    expect(checkDestroys(input({ resourceChanges: only }))).toBeUndefined();
  });
});

describe('describeGuard', () => {
  it('says how to approve a refusal, and who approved otherwise', () => {
    expect(describeGuard('apps', checkDestroys(input())!)).toBe(
      'destroy guard: the plan for protected environment apps deletes terraform_data.a and replaces ' +
        "terraform_data.b, terraform_data.d; approve it with --allow-destroy, or with a trailer 'Allow-Destroy: apps' " +
        "in a commit that this apply brings to apps (for a merge, in the merge commit's message)",
    );
    expect(describeGuard('apps', checkDestroys(input({ trailer: { notes: ['a rollback'] } }))!)).toMatch(
      /\(a rollback\)$/,
    );
    expect(describeGuard('apps', checkDestroys(input({ allowDestroy: true }))!)).toMatch(
      /\(APPROVED by --allow-destroy\)$/,
    );
    expect(describeGuard('apps', checkDestroys(input({ trailer: byTrailer }))!)).toMatch(
      /\(APPROVED by the trailer 'Allow-Destroy: apps' of c0ffee012345\)$/,
    );
    expect(describeGuard('ops', checkDestroys(input({ protected: false }))!)).toMatch(/\(environment not protected\)$/);
  });
});

describe('protectedEnvironments', () => {
  it('defaults to every environment after the first, and the project setting replaces it', () => {
    expect(protectedEnvironments(['ops', 'apps', 'apps-prod'])).toEqual(['apps', 'apps-prod']);
    expect(protectedEnvironments(['ops', 'apps', 'apps-prod'], ['apps-prod'])).toEqual(['apps-prod']);
    expect(protectedEnvironments(['ops', 'apps'], [])).toEqual([]);
  });
});

describe('parseAllowDestroy', () => {
  const envs = ['ops', 'apps', 'apps-prod'];
  it.each([
    ['apps', ['apps']],
    ['apps, apps-prod', ['apps', 'apps-prod']],
    [' ops ,apps ', ['ops', 'apps']],
  ])('reads %j as a list of environment names', (value, names) => {
    expect(parseAllowDestroy(value, envs)).toEqual({ environments: names });
  });

  it.each([
    ['ops only -- do NOT approve apps', /'ops only -- do NOT approve apps' is not an environment/],
    ['apps apps-prod', /'apps apps-prod' is not an environment/],
    ['apps, prod', /'prod' is not an environment/],
    ['apps,', /'' is not an environment/],
  ])('approves nothing for free text %j, saying why', (value, why) => {
    const parsed = parseAllowDestroy(value, envs);
    expect('invalid' in parsed && parsed.invalid).toMatch(why);
  });
});

describe('findTrailerApproval (git parses the trailers of the commits a promotion brings)', () => {
  let dir: string;
  const envs = ['ops', 'apps', 'apps-prod'];
  const find = (base: string | undefined, sha: string, environment = 'apps') =>
    findTrailerApproval({ cwd: dir, environment, environments: envs, base, commit: sha });
  beforeAll(async () => {
    dir = await initRepo();
  });
  afterAll(() => removeDir(dir));

  it('finds a trailer in any commit between what the environment runs and the applied commit', async () => {
    const base = await commit(dir, 'base');
    const approving = await commit(
      dir,
      'drop the old bucket\n\nSigned-off-by: A <a@example.invalid>\nAllow-Destroy: apps, apps-prod',
    );
    const tip = await commit(dir, 'later change');
    expect(await find(base, tip)).toEqual({ commit: approving, notes: [] });
    expect(await find(base, tip, 'apps-prod')).toEqual({ commit: approving, notes: [] });
    expect(await find(base, tip, 'ops')).toEqual({ notes: [] });
    // Once the environment runs the approving commit, it approves nothing more.
    expect(await find(approving, tip)).toEqual({ notes: [] });
  });

  it('counts no trailer on a rollback, nor when nothing is brought', async () => {
    const older = await commit(dir, 'older\n\nAllow-Destroy: apps');
    const newer = await commit(dir, 'newer');
    expect((await find(newer, older)).notes[0]).toMatch(/a rollback or a move sideways/);
    expect((await find(newer, older)).commit).toBeUndefined();
    expect((await find(newer, newer)).notes[0]).toMatch(/runs [0-9a-f]{12} already/);
  });

  it('ignores a trailer-looking line outside the trailer block, and says why free text approves nothing', async () => {
    const base = await commit(dir, 'start');
    await commit(dir, 'two\n\nAllow-Destroy: apps\n\nthe last paragraph is prose, so the line above is no trailer');
    const free = await commit(dir, 'three\n\nAllow-Destroy: ops only -- do NOT approve apps');
    const result = await find(base, free);
    expect(result.commit).toBeUndefined();
    expect(result.notes).toEqual([
      expect.stringMatching(/^[0-9a-f]{12}: 'Allow-Destroy: ops only -- do NOT approve apps' approves nothing/),
    ]);
  });

  it('reads the whole history when the environment runs nothing yet, merges included', async () => {
    await git(dir, 'checkout', '-q', '-b', 'feature');
    const feature = await commit(dir, 'feature drops a thing\n\nAllow-Destroy: apps-prod', 'f.txt');
    await git(dir, 'checkout', '-q', 'main');
    await git(dir, 'merge', '-q', '--no-ff', '-m', 'merge feature', 'feature');
    const merge = await git(dir, 'rev-parse', 'HEAD');
    expect(await find(undefined, merge, 'apps-prod')).toMatchObject({ commit: feature });
  });
});
