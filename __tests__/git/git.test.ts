import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  classifyGitFailure,
  GitError,
  headBranchRef,
  headCommit,
  isAncestor,
  isRepository,
  isShallow,
  resolveCommit,
  runGit,
  tagsAtHead,
} from '../../pipeline/git/index.js';
import { rejectionOf } from '../helpers/errors.js';
import { commit, git, initRepo } from '../helpers/git.js';
import { makeTempDir, removeDir, withTempDir } from '../helpers/temp-dir.js';

/** The GitError `promise` rejects with (fails the test when it resolves or rejects otherwise). */
const gitErrorOf = (promise: Promise<unknown>) => rejectionOf(promise, GitError);

// One repository for the read-only tests:   c1 - c2 (main, tag v2 annotated) ; c1 - c3 (side)
let repo: string;
let c1: string;
let c2: string;
let c3: string;
let notRepo: string;

beforeAll(async () => {
  repo = await initRepo();
  c1 = await commit(repo, 'one');
  c2 = await commit(repo, 'two');
  await git(repo, 'tag', '-a', '-m', 'annotated', 'v2');
  await git(repo, 'tag', 'light');
  await git(repo, 'checkout', '-q', '-b', 'side', c1);
  c3 = await commit(repo, 'three', 'side.txt');
  await git(repo, 'checkout', '-q', 'main');
  notRepo = makeTempDir('cdktf-gitops-norepo-');
});

afterAll(() => {
  removeDir(repo);
  removeDir(notRepo);
});

describe('resolveCommit', () => {
  it.each<[string, () => string]>([
    ['HEAD', () => c2],
    ['main', () => c2],
    ['refs/heads/main', () => c2],
    ['side', () => c3],
    ['v2 (annotated tag, peeled)', () => c2],
    ['refs/tags/light', () => c2],
    ['main~1', () => c1],
    ['full sha', () => c1],
  ])('%s', async (name, expected) => {
    const ref = name === 'full sha' ? c1 : name.split(' ')[0]!;
    await expect(resolveCommit(repo, ref)).resolves.toBe(expected());
  });

  it.each(['nope', 'refs/heads/nope', '0000000000000000000000000000000000000000', '--output=x', 'HEAD^{tree}'])(
    '%s -> unknown-revision',
    async (ref) => {
      const error = await gitErrorOf(resolveCommit(repo, ref));
      expect(error.kind).toBe('unknown-revision');
      expect(error.message).toContain(`'${ref}' does not name a commit`);
    },
  );

  it.each(['--all', '--git-dir', '-q'])('the option-looking ref %s is data, not an option', async (ref) => {
    const error = await gitErrorOf(resolveCommit(repo, ref));
    expect(error.kind).toBe('unknown-revision');
    expect(error.args).toContain('--end-of-options');
  });

  it('not a repository -> not-a-repository', async () => {
    const error = await gitErrorOf(resolveCommit(notRepo, 'HEAD'));
    expect(error).toMatchObject({ kind: 'not-a-repository', exitCode: 128, cwd: notRepo });
    expect(error.args).toEqual(['rev-parse', '--verify', '--quiet', '--end-of-options', 'HEAD^{commit}']);
    expect(error.stderr).toMatch(/not a git repository/);
  });
});

describe('headCommit', () => {
  it('is the SHA of HEAD', async () => {
    await expect(headCommit(repo)).resolves.toBe(c2);
  });

  it('is unknown-revision in a repository without commits', async () => {
    await withTempDir('cdktf-gitops-git-', async (empty) => {
      await initRepo(empty);
      expect((await gitErrorOf(headCommit(empty))).kind).toBe('unknown-revision');
    });
  });
});

describe('isAncestor', () => {
  it.each<[string, string, string, boolean]>([
    ['parent of main', 'c1', 'c2', true],
    ['a commit is its own ancestor', 'c2', 'c2', true],
    ['child is not an ancestor', 'c2', 'c1', false],
    ['diverged branches', 'c3', 'c2', false],
    ['diverged, other way', 'c2', 'c3', false],
    ['fork point of side', 'c1', 'c3', true],
  ])('%s', async (_name, a, d, expected) => {
    const shas: Record<string, string> = { c1, c2, c3 };
    await expect(isAncestor(repo, shas[a]!, shas[d]!)).resolves.toBe(expected);
  });

  it('accepts ref names, including an annotated tag', async () => {
    await expect(isAncestor(repo, 'v2', 'refs/heads/main')).resolves.toBe(true);
    await expect(isAncestor(repo, 'side', 'main')).resolves.toBe(false);
  });

  it.each([
    ['unknown ancestor', 'deadbeef', 'main'],
    ['unknown descendant', 'main', 'refs/remotes/origin/main'],
  ])('%s -> unknown-revision, not false', async (_name, a, d) => {
    expect((await gitErrorOf(isAncestor(repo, a, d))).kind).toBe('unknown-revision');
  });

  it('not a repository -> not-a-repository', async () => {
    expect((await gitErrorOf(isAncestor(notRepo, 'a', 'b'))).kind).toBe('not-a-repository');
  });
});

describe('isRepository', () => {
  it('true at the root and in a subdirectory', async () => {
    const sub = path.join(repo, 'sub');
    fs.mkdirSync(sub, { recursive: true });
    await expect(isRepository(repo)).resolves.toBe(true);
    await expect(isRepository(sub)).resolves.toBe(true);
  });

  it('false outside a repository', async () => {
    await expect(isRepository(notRepo)).resolves.toBe(false);
  });

  it('a missing directory is an error, not false', async () => {
    const error = await gitErrorOf(isRepository(path.join(notRepo, 'missing')));
    expect(error.kind).toBe('failed');
    expect(error.exitCode).toBeUndefined();
    expect(error.message).toMatch(/could not start git/);
  });
});

describe('isShallow', () => {
  it('false for a full repository', async () => {
    await expect(isShallow(repo)).resolves.toBe(false);
  });

  it('true for a clone made with git clone --depth 1 file://…', async () => {
    await withTempDir('cdktf-gitops-shallow-', async (parent) => {
      const clone = path.join(parent, 'clone');
      await git(parent, 'clone', '-q', '--depth', '1', '--no-single-branch', pathToFileURL(repo).href, clone);
      await expect(isShallow(clone)).resolves.toBe(true);
      await expect(headCommit(clone)).resolves.toBe(c2);
      // c1 is cut off: it is unknown here, which is why the gate checks isShallow first.
      expect((await gitErrorOf(resolveCommit(clone, c1))).kind).toBe('unknown-revision');
      // Both branch tips are there, without parents; ancestry between them still answers.
      await expect(isAncestor(clone, 'origin/side', 'origin/main')).resolves.toBe(false);
    });
  });

  it('not a repository -> not-a-repository', async () => {
    expect((await gitErrorOf(isShallow(notRepo))).kind).toBe('not-a-repository');
  });
});

describe('headBranchRef and tagsAtHead', () => {
  it('a branch checkout', async () => {
    await expect(headBranchRef(repo)).resolves.toBe('refs/heads/main');
    await expect(tagsAtHead(repo)).resolves.toEqual(['light', 'v2']);
  });

  it('a detached HEAD has no branch', async () => {
    await withTempDir('cdktf-gitops-git-', async (dir) => {
      await initRepo(dir);
      await commit(dir, 'one');
      await git(dir, 'checkout', '-q', '--detach');
      await expect(headBranchRef(dir)).resolves.toBeUndefined();
      await expect(tagsAtHead(dir)).resolves.toEqual([]);
    });
  });

  it('not a repository -> not-a-repository', async () => {
    expect((await gitErrorOf(headBranchRef(notRepo))).kind).toBe('not-a-repository');
  });
});

describe('runGit', () => {
  it('returns results for accepted exit codes and throws a classified error otherwise', async () => {
    await expect(runGit(repo, ['merge-base', '--is-ancestor', c2, c1], [0, 1])).resolves.toMatchObject({ exitCode: 1 });
    const error = await gitErrorOf(runGit(repo, ['merge-base', '--is-ancestor', c2, c1]));
    expect(error).toMatchObject({ kind: 'failed', exitCode: 1 });
    expect(error.cause).toBeDefined();
  });

  it('reads git in the C locale whatever the caller sets', async () => {
    const saved = process.env.LC_ALL;
    process.env.LC_ALL = 'de_DE.UTF-8';
    try {
      expect((await gitErrorOf(runGit(notRepo, ['status']))).kind).toBe('not-a-repository');
    } finally {
      if (saved === undefined) delete process.env.LC_ALL;
      else process.env.LC_ALL = saved;
    }
  });
});

describe('classifyGitFailure', () => {
  it.each<[number | undefined, string, string]>([
    [128, 'fatal: not a git repository (or any of the parent directories): .git', 'not-a-repository'],
    [128, 'fatal: Not a valid object name nope', 'unknown-revision'],
    [128, 'fatal: Not a valid commit name deadbeef', 'unknown-revision'],
    [128, "fatal: ambiguous argument 'x': unknown revision or path not in the working tree.", 'unknown-revision'],
    [128, "fatal: bad revision 'x'", 'unknown-revision'],
    [128, 'fatal: Needed a single revision', 'unknown-revision'],
    [128, 'fatal: shallow file has changed since we read it', 'shallow'],
    [128, 'error: Could not read abc\nfatal: Failed to traverse parents of commit abc (shallow clone?)', 'shallow'],
    [128, "fatal: detected dubious ownership in repository at '/x'", 'failed'],
    [1, 'fatal: not a git repository', 'failed'],
    [undefined, '', 'failed'],
  ])('exit %s %j -> %s', (exitCode, stderr, kind) => {
    expect(classifyGitFailure(exitCode, stderr)).toBe(kind);
  });
});
