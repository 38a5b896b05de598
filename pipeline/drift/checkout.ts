import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runGit } from '../git/index.js';
import { isRunning } from '../stackdir/run-files.js';

/** A commit checked out in a temporary worktree: the user's checkout is never touched. */
export interface CommitCheckout {
  /** The worktree's root (the repository's root at that commit). */
  readonly root: string;
  /** The project directory inside the worktree (the project may live in a subdirectory of the repository). */
  readonly projectDir: string;
  /** Removes the worktree and its temporary directory; safe to call twice. */
  remove(): Promise<void>;
}

/**
 * `git worktree add --detach` of `commit` in a new temporary directory. The project's (and the
 * repository root's) `node_modules` are linked in, so the commit's `main.ts` imports the installed
 * packages without an install. Callers remove it in `finally`, also on failure or abort.
 */
export async function checkoutCommitInWorktree(projectDir: string, commit: string): Promise<CommitCheckout> {
  const repoRoot = realpathSync((await runGit(projectDir, ['rev-parse', '--show-toplevel'])).stdout);
  const rel = path.relative(repoRoot, realpathSync(projectDir));
  // A killed check leaves its worktree registered: the next one removes those of processes gone.
  await removeStaleWorktrees(repoRoot);
  const tmp = mkdtempSync(path.join(tmpdir(), `${WORKTREE_PREFIX}${process.pid}-`));
  const root = path.join(tmp, 'checkout');
  let removed = false;
  const remove = async () => {
    if (removed) return;
    removed = true;
    // --force: the synthesized cdktf.out and .terraform are untracked files git would otherwise keep it for.
    await runGit(repoRoot, ['worktree', 'remove', '--force', root], [0, 128]).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
    await runGit(repoRoot, ['worktree', 'prune']).catch(() => undefined);
  };
  try {
    // No hooks: a post-checkout hook (husky, LFS) has no business running for a throwaway checkout.
    await runGit(repoRoot, ['-c', 'core.hooksPath=/dev/null', 'worktree', 'add', '--detach', '--quiet', root, commit]);
    const checkoutProject = path.join(root, rel);
    linkNodeModules(realpathSync(projectDir), checkoutProject);
    if (rel !== '') linkNodeModules(repoRoot, root);
    return { root, projectDir: checkoutProject, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** Temporary directories of drift checkouts: `<prefix><pid>-<random>`. */
const WORKTREE_PREFIX = 'cdktf-gitops-drift-';

/**
 * Removes the drift worktrees of `repoRoot` whose process is gone (a check killed before its
 * clean-up): their directories and git's registration of them. Returns the directories removed.
 */
export async function removeStaleWorktrees(repoRoot: string): Promise<string[]> {
  const { stdout } = await runGit(repoRoot, ['worktree', 'list', '--porcelain']);
  const removed: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('worktree ')) continue;
    const dir = line.slice('worktree '.length);
    const tmp = path.dirname(dir);
    const match = new RegExp(`^${WORKTREE_PREFIX}(\\d+)-[^/]+$`).exec(path.basename(tmp));
    if (!match || path.basename(dir) !== 'checkout' || isRunning(Number(match[1]))) continue;
    await runGit(repoRoot, ['worktree', 'remove', '--force', dir], [0, 128]).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
    removed.push(dir);
  }
  if (removed.length > 0) await runGit(repoRoot, ['worktree', 'prune']).catch(() => undefined);
  return removed;
}

function linkNodeModules(from: string, to: string): void {
  const source = path.join(from, 'node_modules');
  const target = path.join(to, 'node_modules');
  if (existsSync(source) && existsSync(to) && !existsSync(target)) symlinkSync(realpathSync(source), target, 'dir');
}

/**
 * Points a stack synthesized in the worktree at the real project's local state: the backend's
 * relative paths resolve inside the worktree, so a state path inside it is moved to the same place
 * in the repository, and every path is made absolute; so are the local paths of the other stacks'
 * states it reads (cdktf cross-stack references). Other backends need nothing.
 */
export function pointLocalBackendAtRepository(stackDir: string, worktreeRoot: string, repoRoot: string): void {
  const file = path.join(stackDir, 'cdk.tf.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as {
    terraform?: { backend?: { local?: Record<string, unknown> } };
    data?: { terraform_remote_state?: Record<string, { backend?: string; config?: Record<string, unknown> }> };
  };
  // Cross-stack references read another stack's state through `terraform_remote_state`: its local paths too.
  const remote = Object.values(config.data?.terraform_remote_state ?? {})
    .filter((d) => d.backend === 'local' && d.config)
    .map((d) => d.config!);
  const locals = [config.terraform?.backend?.local, ...remote].filter((l) => l !== undefined);
  if (locals.length === 0) return;
  for (const local of locals) {
    for (const name of ['path', 'workspace_dir']) {
      const value = local[name];
      if (typeof value !== 'string') continue;
      const resolved = path.resolve(stackDir, value);
      const inside = path.relative(worktreeRoot, resolved);
      local[name] = inside.startsWith('..') || path.isAbsolute(inside) ? resolved : path.join(repoRoot, inside);
    }
  }
  writeFileSync(file, JSON.stringify(config, null, 2));
}

/** The repository root of `dir`, symlinks resolved. */
export async function repositoryRoot(dir: string): Promise<string> {
  return realpathSync((await runGit(dir, ['rev-parse', '--show-toplevel'])).stdout);
}
