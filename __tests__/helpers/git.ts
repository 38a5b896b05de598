// Throwaway git repositories for tests: real git, isolated from the machine's configuration.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { cleanEnv } from './env.js';
import { makeTempDir } from './temp-dir.js';

/** Runs git in `cwd` and returns its trimmed stdout (throws on failure). */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  // The C locale keeps git's messages the ones the tests (and the pipeline) know.
  const { stdout } = await execa('git', args, {
    cwd,
    env: cleanEnv({ LC_ALL: 'C' }),
    extendEnv: false,
    stdin: 'ignore',
  });
  return stdout.trim();
}

/** A repository on branch `main` with its own identity and no signing, in `dir` (default: a fresh temp dir). */
export async function initRepo(dir: string = makeTempDir('cdktf-gitops-git-')): Promise<string> {
  await git(dir, 'init', '-q', '-b', 'main');
  // Set in the repository too, so git run by the code under test (with the caller's environment) works.
  await git(dir, 'config', 'user.name', 'Test');
  await git(dir, 'config', 'user.email', 'test@example.invalid');
  await git(dir, 'config', 'commit.gpgsign', 'false');
  await git(dir, 'config', 'tag.gpgsign', 'false');
  return dir;
}

/** Appends `message` to `file`, commits it and returns the new commit's SHA. */
export async function commit(dir: string, message: string, file = 'file.txt'): Promise<string> {
  fs.appendFileSync(path.join(dir, file), `${message}\n`);
  await git(dir, 'add', '--', file);
  await git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}
