import { GitError } from '../../pipeline/git/index.js';
import { RefError, resolveRef } from '../../pipeline/refs/index.js';
import { commit, git, initRepo } from '../helpers/git.js';
import { TempDirs } from '../helpers/temp-dir.js';
import { rejectionOf } from '../helpers/errors.js';

const noCi: NodeJS.ProcessEnv = {};
const dirs = new TempDirs('cdktf-gitops-git-');
afterAll(() => dirs.removeAll());

/** A fresh repository with one commit on main. */
async function repoWithCommit(): Promise<string> {
  const dir = await initRepo(dirs.make());
  await commit(dir, 'one');
  return dir;
}

/** The RefError `promise` rejects with. */
const refErrorOf = (promise: Promise<unknown>) => rejectionOf(promise, RefError);

describe('resolveRef order', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await repoWithCommit();
  });

  it('the option wins over CI variables and HEAD, normalized', async () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_REF: 'refs/heads/ci' };
    await expect(resolveRef({ ref: 'tags/apps-deploy-1', env, cwd: dir })).resolves.toEqual({
      ref: 'refs/tags/apps-deploy-1',
      source: 'option',
    });
  });

  it('an invalid option is refused', async () => {
    expect((await refErrorOf(resolveRef({ ref: 'main;id', env: noCi, cwd: dir }))).message).toMatch(
      /shell metacharacter ';'/,
    );
  });

  it.each<[string, NodeJS.ProcessEnv, { ref: string; source: string }]>([
    [
      'GitHub',
      { GITHUB_ACTIONS: 'true', GITHUB_REF: 'refs/tags/apps-deploy-2' },
      { ref: 'refs/tags/apps-deploy-2', source: 'github' },
    ],
    ['GitLab', { GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'feature' }, { ref: 'refs/heads/feature', source: 'gitlab' }],
    [
      'GitLab merge request',
      { GITLAB_CI: 'true', CI_MERGE_REQUEST_IID: '5' },
      { ref: 'refs/merge-requests/5/head', source: 'gitlab' },
    ],
  ])('CI variables (%s) win over HEAD', async (_name, env, expected) => {
    await expect(resolveRef({ env, cwd: dir })).resolves.toEqual(expected);
  });

  it('a CI ref is validated too', async () => {
    const env = { GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'x$(id)' };
    expect((await refErrorOf(resolveRef({ env, cwd: dir }))).message).toMatch(/shell metacharacter '\$'/);
  });

  it('HEAD on a branch', async () => {
    await expect(resolveRef({ env: noCi, cwd: dir })).resolves.toEqual({ ref: 'refs/heads/main', source: 'git-head' });
  });
});

describe('resolveRef from the checkout', () => {
  it('another branch', async () => {
    const dir = await repoWithCommit();
    await git(dir, 'checkout', '-q', '-b', 'feature/nested');
    await expect(resolveRef({ env: noCi, cwd: dir })).resolves.toEqual({
      ref: 'refs/heads/feature/nested',
      source: 'git-head',
    });
  });

  it('an unborn branch (no commit yet) is still that branch', async () => {
    const dir = await initRepo(dirs.make());
    await expect(resolveRef({ env: noCi, cwd: dir })).resolves.toEqual({ ref: 'refs/heads/main', source: 'git-head' });
  });

  it.each([
    ['a lightweight tag', ['tag', 'apps-deploy-1']],
    ['an annotated tag', ['tag', '-a', '-m', 'release', 'apps-deploy-1']],
  ])('detached HEAD at %s', async (_name, tagArgs) => {
    const dir = await repoWithCommit();
    await git(dir, ...tagArgs);
    await git(dir, 'checkout', '-q', '--detach');
    await expect(resolveRef({ env: noCi, cwd: dir })).resolves.toEqual({
      ref: 'refs/tags/apps-deploy-1',
      source: 'git-head',
    });
  });

  it('a tag on an older commit does not count', async () => {
    const dir = await repoWithCommit();
    await git(dir, 'tag', 'old');
    await commit(dir, 'two');
    await git(dir, 'checkout', '-q', '--detach');
    expect((await refErrorOf(resolveRef({ env: noCi, cwd: dir }))).message).toBe(
      'detached HEAD with no ref; pass --ref or run in CI',
    );
  });

  it('detached HEAD with no tag', async () => {
    const dir = await repoWithCommit();
    await git(dir, 'checkout', '-q', '--detach');
    expect((await refErrorOf(resolveRef({ env: noCi, cwd: dir }))).message).toBe(
      'detached HEAD with no ref; pass --ref or run in CI',
    );
  });

  it('detached HEAD with several tags lists them and asks for --ref', async () => {
    const dir = await repoWithCommit();
    await git(dir, 'tag', 'v1');
    await git(dir, 'tag', 'apps-deploy-1');
    await git(dir, 'checkout', '-q', '--detach');
    const error = await refErrorOf(resolveRef({ env: noCi, cwd: dir }));
    expect(error.message).toBe(
      "detached HEAD has 2 tags ('apps-deploy-1', 'v1'); pass --ref to choose one, e.g. --ref tags/apps-deploy-1",
    );
  });

  it('a branch git accepts but we refuse (shell metacharacter) is refused', async () => {
    const dir = await repoWithCommit();
    await git(dir, 'checkout', '-q', '-b', 'x;y');
    expect((await refErrorOf(resolveRef({ env: noCi, cwd: dir }))).message).toMatch(/invalid ref 'refs\/heads\/x;y'/);
  });

  it('outside a repository is a GitError (not-a-repository)', async () => {
    const dir = dirs.make('cdktf-gitops-norepo-');
    const error = await rejectionOf(resolveRef({ env: noCi, cwd: dir }), GitError);
    expect(error.kind).toBe('not-a-repository');
  });
});
