import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { commitsBehind, mainBranchRef } from '../../pipeline/drift/behind.js';
import { checkoutCommitInWorktree, pointLocalBackendAtRepository } from '../../pipeline/drift/checkout.js';
import { GitError } from '../../pipeline/git/index.js';
import { commit, git, initRepo } from '../helpers/git.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';

describe('checking out a recorded commit in a temporary worktree', () => {
  let repo: string;
  let project: string;
  let first: string;
  beforeAll(async () => {
    repo = realpathSync(await initRepo());
    // The project lives in a subdirectory of the repository, with its own node_modules (untracked).
    project = path.join(repo, 'infra');
    mkdirSync(path.join(project, 'node_modules', 'some-package'), { recursive: true });
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n');
    first = await commit(repo, 'first', 'infra/main.ts');
    await commit(repo, 'second', 'infra/main.ts');
  });
  afterAll(() => removeDir(repo));

  it('checks the commit out (the project subdirectory with node_modules linked) and removes it again', async () => {
    const checkout = await checkoutCommitInWorktree(project, first);
    try {
      expect(checkout.projectDir).toBe(path.join(checkout.root, 'infra'));
      expect(readFileSync(path.join(checkout.projectDir, 'main.ts'), 'utf8')).toBe('first\n');
      expect(lstatSync(path.join(checkout.projectDir, 'node_modules')).isSymbolicLink()).toBe(true);
      expect(realpathSync(path.join(checkout.projectDir, 'node_modules'))).toBe(path.join(project, 'node_modules'));
      expect(await git(checkout.root, 'rev-parse', 'HEAD')).toBe(first);
      // The user's checkout is untouched.
      expect(readFileSync(path.join(project, 'main.ts'), 'utf8')).toBe('first\nsecond\n');
    } finally {
      await checkout.remove();
    }
    expect(existsSync(checkout.root)).toBe(false);
    expect((await git(repo, 'worktree', 'list')).split('\n')).toHaveLength(1);
    await checkout.remove(); // twice is fine
  });

  it('leaves nothing behind when the commit does not exist', async () => {
    await expect(checkoutCommitInWorktree(project, '0123456789abcdef0123456789abcdef01234567')).rejects.toBeInstanceOf(
      GitError,
    );
    expect((await git(repo, 'worktree', 'list')).split('\n')).toHaveLength(1);
  });

  it('counts the commits on main since a commit, also from origin/main in a detached clone', async () => {
    expect(await mainBranchRef(repo, 'main')).toBe('refs/heads/main');
    expect(await commitsBehind(repo, first, 'refs/heads/main')).toBe(1);
    expect(await mainBranchRef(repo, 'trunk')).toBeUndefined();
    const clone = makeTempDir();
    try {
      await git(clone, 'clone', '-q', repo, 'c');
      const dir = path.join(clone, 'c');
      await git(dir, 'checkout', '-q', '--detach', first);
      await git(dir, 'branch', '-q', '-D', 'main');
      expect(await mainBranchRef(dir, 'main')).toBe('refs/remotes/origin/main');
      expect(await commitsBehind(dir, first, 'refs/remotes/origin/main')).toBe(1);
    } finally {
      removeDir(clone);
    }
  });
});

describe('pointLocalBackendAtRepository', () => {
  const write = (dir: string, local: object | undefined) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'cdk.tf.json'),
      JSON.stringify({ terraform: { backend: local ? { local } : { pg: {} } } }),
    );
  };
  const backend = (dir: string) =>
    (JSON.parse(readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as { terraform: { backend: object } }).terraform
      .backend;

  it("moves state paths inside the worktree to the repository's, keeps outside ones absolute, leaves other backends alone", () => {
    const wt = '/tmp/wt-root';
    const tmp = makeTempDir();
    try {
      const stack = path.join(tmp, 'stacks', 'ops');
      write(stack, { path: '../../.terraform-state/default.tfstate', workspace_dir: '/srv/state/workspaces' });
      pointLocalBackendAtRepository(stack, tmp, '/repo');
      expect(backend(stack)).toEqual({
        local: { path: '/repo/.terraform-state/default.tfstate', workspace_dir: '/srv/state/workspaces' },
      });
      const pg = path.join(tmp, 'stacks', 'apps');
      write(pg, undefined);
      pointLocalBackendAtRepository(pg, wt, '/repo');
      expect(backend(pg)).toEqual({ pg: {} });
    } finally {
      removeDir(tmp);
    }
  });

  it("moves the local paths of another stack's state read by a cross-stack reference too, and only those", () => {
    const tmp = makeTempDir();
    try {
      const stack = path.join(tmp, 'cdktf.out', 'stacks', 'ops-b');
      mkdirSync(stack, { recursive: true });
      const remote = (backend: string, config: object) => ({ backend, config, workspace: 'ops' });
      const config = {
        terraform: { backend: { local: { path: '../../../.terraform-state/stacks/b/default.tfstate' } } },
        data: {
          terraform_remote_state: {
            'cross-stack-reference-input-ops-a': remote('local', {
              path: '../../../.terraform-state/stacks/a/default.tfstate',
              workspace_dir: '../../../.terraform-state/stacks/a/workspaces',
            }),
            elsewhere: remote('s3', { key: '../not-a-path' }),
          },
        },
      };
      writeFileSync(path.join(stack, 'cdk.tf.json'), JSON.stringify(config));
      pointLocalBackendAtRepository(stack, tmp, '/repo');
      const after = JSON.parse(readFileSync(path.join(stack, 'cdk.tf.json'), 'utf8')) as typeof config;
      expect(after.terraform.backend.local.path).toBe('/repo/.terraform-state/stacks/b/default.tfstate');
      expect(after.data.terraform_remote_state).toEqual({
        'cross-stack-reference-input-ops-a': remote('local', {
          path: '/repo/.terraform-state/stacks/a/default.tfstate',
          workspace_dir: '/repo/.terraform-state/stacks/a/workspaces',
        }),
        elsewhere: remote('s3', { key: '../not-a-path' }),
      });
    } finally {
      removeDir(tmp);
    }
  });
});
