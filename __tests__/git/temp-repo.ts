// Throwaway git repositories for tests: real git, isolated from the user's and system's config.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execa } from 'execa';
import { makeTempDir } from '../helpers/temp-dir.js';

/** Environment for the helper's own git calls: no global/system config, fixed identity. */
const GIT_ENV = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull, LC_ALL: 'C' };

/** Runs git in `cwd` and returns trimmed stdout (throws on failure). */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execa('git', args, { cwd, env: GIT_ENV, stdin: 'ignore' });
  return stdout.trim();
}

/** A repository with a main branch and a local identity, inside a fresh temp directory. */
export async function initRepo(dir: string = makeTempDir('cdktf-gitops-git-')): Promise<string> {
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'config', 'user.name', 'Test');
  await git(dir, 'config', 'user.email', 'test@example.invalid');
  await git(dir, 'config', 'commit.gpgsign', 'false');
  await git(dir, 'config', 'tag.gpgsign', 'false');
  return dir;
}

/** Commits a change to `file` and returns the new commit's SHA. */
export async function commit(dir: string, message: string, file = 'file.txt'): Promise<string> {
  fs.appendFileSync(path.join(dir, file), `${message}\n`);
  await git(dir, 'add', '--', file);
  await git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}
