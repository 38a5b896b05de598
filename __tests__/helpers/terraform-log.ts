// A logging `terraform` wrapper first on PATH, for counting the calls the code under test makes.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { execaSync } from 'execa';
import { readLines } from './files.js';
import { makeTempDir, removeDir } from './temp-dir.js';

/**
 * A `terraform` first on PATH that logs its arguments and then runs the real terraform (or, with
 * `version` set, answers `terraform version` itself): for counting calls, not for faking work.
 */
export class TerraformLog {
  readonly dir = makeTempDir('cdktf-gitops-tflog-');
  private readonly log = path.join(this.dir, 'calls.log');
  private readonly cacheLog = path.join(this.dir, 'plugin-cache.log');
  private readonly dirLog = path.join(this.dir, 'dirs.log');

  constructor(opts: { version?: string } = {}) {
    const real = realTerraform();
    const answer = opts.version
      ? `if [ "$1" = version ]; then echo "Terraform v${opts.version}"; echo "on linux_amd64"; exit 0; fi\n`
      : '';
    const script = path.join(this.dir, 'terraform');
    const logs =
      `echo "$*" >> '${this.log}'\necho "$1 \${TF_PLUGIN_CACHE_DIR:-}" >> '${this.cacheLog}'\n` +
      `printf '%s\\t%s\\n' "$PWD" "$*" >> '${this.dirLog}'\n`;
    writeFileSync(script, `#!/bin/sh\n${logs}${answer}exec '${real}' "$@"\n`);
    chmodSync(script, 0o755);
  }

  /** Environment for a CLI run: this directory first on PATH. */
  env(): Record<string, string> {
    return { PATH: `${this.dir}${path.delimiter}${process.env.PATH ?? ''}` };
  }

  /** Every call so far, as its argument string, oldest first. */
  calls(): string[] {
    return readLines(this.log);
  }

  /** Every call so far as its working directory and arguments, oldest first. */
  callsWithDirs(): { dir: string; args: string }[] {
    return readLines(this.dirLog).map((line) => {
      const tab = line.indexOf('\t');
      return { dir: line.slice(0, tab), args: line.slice(tab + 1) };
    });
  }

  /** The subcommands (`init`, `plan`, …) run with `dir` as working directory, in order. */
  commandsIn(dir: string): string[] {
    return this.callsWithDirs()
      .filter((c) => c.dir === dir)
      .map((c) => c.args.split(' ')[0]!);
  }

  /** How many calls so far had `subcommand` (e.g. `init`, `version`, `output`) as first argument. */
  count(subcommand: string): number {
    return this.calls().filter((c) => c.split(' ')[0] === subcommand).length;
  }

  /** The distinct `TF_PLUGIN_CACHE_DIR` values (empty string: unset) of the calls other than `version`. */
  pluginCacheDirs(): string[] {
    const split = (line: string) => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)] as const;
    const dirs = readLines(this.cacheLog).map(split);
    return [...new Set(dirs.filter(([command]) => command !== 'version').map(([, dir]) => dir))];
  }

  /** Forgets the calls so far. */
  clear(): void {
    rmSync(this.log, { force: true });
    rmSync(this.cacheLog, { force: true });
    rmSync(this.dirLog, { force: true });
  }

  remove(): void {
    removeDir(this.dir);
  }
}

/** The path of the real terraform on PATH, for a wrapper script to run after it logged a call. */
export function realTerraform(): string {
  return execaSync('sh', ['-c', 'command -v terraform']).stdout.trim();
}

/** Runs `fn` with a fresh {@link TerraformLog} and removes it afterwards, also when `fn` throws. */
export async function withTerraformLog<T>(
  opts: { version?: string },
  fn: (tf: TerraformLog) => T | Promise<T>,
): Promise<T> {
  const tf = new TerraformLog(opts);
  try {
    return await fn(tf);
  } finally {
    tf.remove();
  }
}
