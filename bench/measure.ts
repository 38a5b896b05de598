import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** One timed command. */
export interface Timed {
  /** Wall time, spawn to exit. */
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** How a measured command runs. */
export interface CommandOptions {
  readonly cwd: string;
  readonly env: Record<string, string>;
}

/** The preload that reports each node process' own peak RSS. */
const RSS_PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rss-probe.cjs');

/** Runs a command to completion and times it; a non-zero exit is a broken benchmark, not a sample. */
export async function timed(file: string, args: readonly string[], opts: CommandOptions): Promise<Timed> {
  const t0 = performance.now();
  const r = await execa(file, args, {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    all: true,
  });
  const ms = performance.now() - t0;
  if (r.exitCode !== 0) {
    const tail = String(r.all ?? '')
      .split('\n')
      .slice(-30)
      .join('\n');
    throw new Error(`${file} ${args.join(' ')} exited ${r.exitCode} in ${opts.cwd}:\n${tail}`);
  }
  return { ms, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/**
 * Like {@link timed}, and also the peak RSS of the node process whose script path ends with
 * `script` (its own, RUSAGE_SELF: not npx's, not terraform's), from the preloaded probe.
 */
export async function timedWithRss(
  file: string,
  args: readonly string[],
  opts: CommandOptions,
  script: string,
): Promise<Timed & { rssKb: number }> {
  const dir = mkdtempSync(path.join(opts.env.TMPDIR ?? '/tmp', 'cdktf-gitops-bench-rss-'));
  try {
    const env = { ...opts.env, BENCH_RSS_DIR: dir, NODE_OPTIONS: `--require ${RSS_PROBE}` };
    const result = await timed(file, args, { ...opts, env });
    const records = readdirSync(dir).map(
      (f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { argv: string[]; maxRssKb: number },
    );
    const mine = records.filter((r) => r.argv[1]?.endsWith(script));
    if (mine.length === 0) throw new Error(`no RSS record from a process running ${script}`);
    return { ...result, rssKb: Math.max(...mine.map((r) => r.maxRssKb)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
