import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { command, output, remark, type Printer } from './print.js';

/** This checkout. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin', 'cdktf-gitops');
const EXAMPLE = path.join(ROOT, 'examples', 'terraform-data');

/** A step did not do what it should; the walkthrough exits 1. */
export class StepFailed extends Error {
  override readonly name = 'StepFailed';
}

/** Exit code and interleaved stdout/stderr of one command. */
export interface Ran {
  /** The command's exit code (-1 when it did not exit normally). */
  readonly exitCode: number;
  /** stdout and stderr as they came (stdout only for `json`). */
  readonly output: string;
}

/**
 * The environment of every command: no CI variables (they would choose the ref), no user or system
 * git configuration (signing, hooks, templates), a fixed author, and colors only when asked for.
 */
export function sandboxEnv(color: boolean, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) {
    if (
      v === undefined ||
      k === 'CI' ||
      /^(GITHUB_|GITLAB_|CI_|GIT_|TF_WORKSPACE$|TF_LOG|NO_COLOR$|FORCE_COLOR$)/.test(k)
    )
      continue;
    env[k] = v;
  }
  const who = {
    GIT_AUTHOR_NAME: 'Walkthrough',
    GIT_AUTHOR_EMAIL: 'walkthrough@example.com',
    GIT_COMMITTER_NAME: 'Walkthrough',
    GIT_COMMITTER_EMAIL: 'walkthrough@example.com',
  };
  return {
    ...env,
    ...who,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    ...(color ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' }),
  };
}

/** A throwaway git repository holding a copy of the example project, and the commands run in it. */
export class Sandbox {
  private constructor(
    /** Holds the project and its stand-in remote. */
    readonly root: string,
    /** Created by the walkthrough in the temp directory (removed at the end). */
    readonly temporary: boolean,
    private readonly printer: Printer,
    private readonly env: Record<string, string>,
  ) {}

  /**
   * Copies the example to `<root>/project`, `root` being `target` (absent or empty) or a new temp
   * directory, and links node_modules; `<root>/origin.git` is left for the stand-in remote.
   */
  static create(target: string | undefined, printer: Printer, color: boolean): Sandbox {
    let root: string;
    if (target === undefined) root = mkdtempSync(path.join(tmpdir(), 'cdktf-gitops-walkthrough-'));
    else {
      root = path.resolve(target);
      if (existsSync(root) && readdirSync(root).length > 0)
        throw new StepFailed(`${root} is not empty: give a new or empty directory`);
      mkdirSync(root, { recursive: true });
    }
    const dir = path.join(root, 'project');
    cpSync(EXAMPLE, dir, {
      recursive: true,
      filter: (src) => !/(node_modules|cdktf\.out|\.terraform-state)/.test(path.relative(EXAMPLE, src)),
    });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    return new Sandbox(root, target === undefined, printer, sandboxEnv(color));
  }

  /** The project's git repository (the user's clone). */
  get dir(): string {
    return path.join(this.root, 'project');
  }

  /** Keeps the node_modules link out of commits (`node_modules/` in .gitignore matches directories only). */
  ignoreNodeModulesLink(): void {
    appendFileSync(path.join(this.dir, '.git', 'info', 'exclude'), '/node_modules\n');
  }

  /** Runs git as typed, showing the command and its output; a failing git command fails the step. */
  async git(...args: string[]): Promise<Ran> {
    command(this.printer, ['git', ...args.map(quote)].join(' '));
    const ran = await this.exec('git', args, true);
    if (ran.exitCode !== 0) throw new StepFailed(`git ${args.join(' ')} exited with ${ran.exitCode}`);
    return ran;
  }

  /** Runs the CLI (shown as `npx cdktf-gitops …`, as in CI) with its output. */
  async cli(...args: string[]): Promise<Ran> {
    command(this.printer, ['npx cdktf-gitops', ...args.map(quote)].join(' '));
    return this.exec(process.execPath, [BIN, ...args], true);
  }

  /** Runs the CLI with `--json`, silently, and parses its document (for the checks). */
  async json<T>(...args: string[]): Promise<T> {
    const ran = await this.exec(process.execPath, [BIN, ...args, '--json'], false);
    try {
      return JSON.parse(ran.output) as T;
    } catch {
      throw new StepFailed(
        `cdktf-gitops ${args.join(' ')} --json printed no JSON (exit ${ran.exitCode}):\n${ran.output}`,
      );
    }
  }

  /** The commit HEAD is at (a check, not shown). */
  async head(): Promise<string> {
    return (await this.exec('git', ['rev-parse', 'HEAD'], false)).output.trim();
  }

  /** Edits a file as a user would in an editor; `from` must be in it. */
  edit(file: string, from: string, to: string, what: string): void {
    const target = path.join(this.dir, file);
    const text = readFileSync(target, 'utf8');
    if (!text.includes(from))
      throw new StepFailed(`${file} no longer contains '${from}': update scripts/walkthrough/steps.ts`);
    writeFileSync(target, text.replace(from, to));
    remark(this.printer, `edit ${file}: ${what}`);
  }

  /** Removes a temporary repository; one given by the user stays. */
  dispose(): void {
    if (this.temporary) rmSync(this.root, { recursive: true, force: true });
  }

  private async exec(file: string, args: string[], show: boolean): Promise<Ran> {
    const r = await execa(file, args, {
      cwd: this.dir,
      env: this.env,
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      all: show,
    });
    if (show) output(this.printer, r.all ?? '');
    return { exitCode: r.exitCode ?? -1, output: show ? (r.all ?? '') : r.stdout };
  }
}

/** Shell quoting for display only (nothing here goes through a shell). */
function quote(arg: string): string {
  return /^[\w./=:@%+,-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, '\\$1')}"`;
}
