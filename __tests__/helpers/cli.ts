import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The CLI as users run it. */
export const BIN = path.join(ROOT, 'bin', 'cdktf-gitops');
/** The provider-free example project. */
export const EXAMPLE = path.join(ROOT, 'examples', 'terraform-data');
/** The same example on CDK Terrain (cdktn). */
export const CDKTN_EXAMPLE = path.join(ROOT, 'examples', 'cdktn-terraform-data');

/** The environment of a CLI run: no CI variables leak in from the machine running the tests. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(GITHUB_|GITLAB_|CI_|TF_WORKSPACE$|TF_LOG)/.test(k) || k === 'CI') continue;
    env[k] = v;
  }
  return { ...env, NO_COLOR: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', ...extra };
}

/** Result of one CLI call. */
export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI in `cwd`. */
export async function cli(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const r = await execa(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(env), extendEnv: false, reject: false, stdin: 'ignore' });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs git in `cwd` and returns its trimmed stdout. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const r = await execa('git', args, { cwd, env: cleanEnv(), extendEnv: false });
  return r.stdout.trim();
}

/** A throwaway git repository holding a copy of the example project (node_modules linked to the repo's). */
export interface ExampleRepo {
  readonly dir: string;
  /** Replaces `main.ts` (e.g. another environment layout) and commits it. */
  commitFile(name: string, content: string, message: string): Promise<string>;
  remove(): void;
}

/** Creates the repository outside this checkout, with one commit on `main`; `example` defaults to {@link EXAMPLE}. */
export async function exampleRepo(opts: { mainTs?: string; example?: string } = {}): Promise<ExampleRepo> {
  const example = opts.example ?? EXAMPLE;
  const dir = mkdtempSync(path.join(tmpdir(), 'cdktf-gitops-e2e-'));
  const skip = /(node_modules|cdktf\.out|\.terraform-state)/;
  cpSync(example, dir, { recursive: true, filter: (src) => !skip.test(path.relative(example, src)) });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
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
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
