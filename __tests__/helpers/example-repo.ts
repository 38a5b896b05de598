// Copies of the example project for end-to-end tests, each in its own git repository or directory.
import { cpSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { git } from './git.js';
import { EXAMPLE, ROOT } from './paths.js';
import { makeTempDir, removeDir } from './temp-dir.js';

/** A throwaway git repository holding a copy of the example project (node_modules linked to the repo's). */
export interface ExampleRepo {
  readonly dir: string;
  /** Writes `name` (e.g. `main.ts` with another environment layout), commits it and returns the commit. */
  commitFile(name: string, content: string, message: string): Promise<string>;
  remove(): void;
}

/** Creates the repository outside this checkout, with one commit on `main`; `example` defaults to {@link EXAMPLE}. */
export async function exampleRepo(opts: { mainTs?: string; example?: string } = {}): Promise<ExampleRepo> {
  const dir = copyExample(makeTempDir('cdktf-gitops-e2e-'), opts.example);
  if (opts.mainTs) writeFileSync(path.join(dir, 'main.ts'), opts.mainTs);
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'initial');
  return {
    dir,
    async commitFile(name, content, message) {
      writeFileSync(path.join(dir, name), content);
      await git(dir, 'add', '-A');
      await git(dir, 'commit', '-q', '-m', message);
      return git(dir, 'rev-parse', 'HEAD');
    },
    remove: () => removeDir(dir),
  };
}

/** Copies an example project (without build output or state) into `dir` and links node_modules; returns `dir`. */
export function copyExample(dir: string, example = EXAMPLE): string {
  const generated = /(node_modules|cdktf\.out|\.terraform-state)/;
  cpSync(example, dir, { recursive: true, filter: (src) => !generated.test(path.relative(example, src)) });
  return linkNodeModules(dir);
}

/** Clones `repo` into `dir` (extra `git clone` arguments in `args`) and links node_modules; returns `dir`. */
export async function cloneRepo(repo: string, dir: string, args: readonly string[] = []): Promise<string> {
  await git(path.dirname(dir), 'clone', '-q', ...args, repo, dir);
  return linkNodeModules(dir);
}

/** Links this repository's node_modules into `dir`, so a copied project resolves cdktf-gitops and cdktf. */
export function linkNodeModules(dir: string): string {
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/**
 * Gives the enclosing `describe` an {@link exampleRepo}: created before its tests, removed after them.
 * The handle reads the current repository, so tests use `repo.dir` as with a repository of their own.
 */
export function useExampleRepo(opts: { mainTs?: string; example?: string } = {}): ExampleRepo {
  let repo: ExampleRepo | undefined;
  beforeAll(async () => {
    repo = await exampleRepo(opts);
  });
  afterAll(() => repo?.remove());
  const current = (): ExampleRepo => {
    if (repo === undefined) throw new Error('useExampleRepo: the repository exists only while its tests run');
    return repo;
  };
  return {
    get dir() {
      return current().dir;
    },
    commitFile: (name, content, message) => current().commitFile(name, content, message),
    remove: () => current().remove(),
  };
}
