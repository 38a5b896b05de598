import {
  allowDestroyTrailers,
  checkDestroys,
  describeGuard,
  protectedEnvironments,
} from '../../pipeline/run/destroy-guard.js';
import { commit, initRepo } from '../helpers/git.js';
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
  trailerEnvironments: [],
  ...over,
});

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

  it('is approved by the flag first, then by a trailer naming this environment', () => {
    expect(checkDestroys(input({ allowDestroy: true, trailerEnvironments: ['apps'] }))).toMatchObject({
      approvedBy: 'flag',
      refused: false,
    });
    expect(checkDestroys(input({ trailerEnvironments: ['ops', 'apps'] }))).toMatchObject({
      approvedBy: 'trailer',
      refused: false,
    });
    expect(checkDestroys(input({ trailerEnvironments: ['apps-prod'] }))).toMatchObject({ refused: true });
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
      "destroy guard: the plan for protected environment apps deletes terraform_data.a and replaces terraform_data.b, terraform_data.d; approve it with --allow-destroy or a trailer 'Allow-Destroy: apps' in the commit message",
    );
    expect(describeGuard('apps', checkDestroys(input({ allowDestroy: true }))!)).toMatch(
      /\(APPROVED by --allow-destroy\)$/,
    );
    expect(describeGuard('apps', checkDestroys(input({ trailerEnvironments: ['apps'] }))!)).toMatch(
      /\(APPROVED by the commit trailer 'Allow-Destroy: apps'\)$/,
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

describe('allowDestroyTrailers (git parses the trailers)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await initRepo();
  });
  afterAll(() => removeDir(dir));

  it('reads every Allow-Destroy trailer of the commit, comma- or line-separated', async () => {
    const sha = await commit(
      dir,
      'drop the old bucket\n\nSigned-off-by: A <a@example.invalid>\nAllow-Destroy: apps, apps-prod\nAllow-Destroy: ops',
    );
    expect(await allowDestroyTrailers(dir, sha)).toEqual(['apps', 'apps-prod', 'ops']);
  });

  it('ignores a trailer-looking line that is not in the trailer block, and other commits', async () => {
    const approved = await commit(dir, 'one\n\nAllow-Destroy: apps', 'a.txt');
    const body = await commit(
      dir,
      'two\n\nAllow-Destroy: apps\n\nthe last paragraph is prose, so the line above is no trailer',
      'b.txt',
    );
    expect(await allowDestroyTrailers(dir, body)).toEqual([]);
    expect(await allowDestroyTrailers(dir, approved)).toEqual(['apps']);
  });
});
