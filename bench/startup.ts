// Start-up and app-command figures (issue 10): whole processes, timed in the same rounds as the synth figures.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { timed, type CommandOptions } from './measure.js';
import { ROOT } from './project.js';
import { median, secs, summary } from './stats.js';
import type { TargetCheck } from './report.js';

/** Wall times of one round, spawn to exit, in milliseconds. */
export interface StartupSample {
  /** `node -e 0`: what any node process costs on this machine at this moment. */
  readonly node: number;
  /** `node bin/cdktf-gitops --help`. */
  readonly help: number;
  /** `npx cdktf-gitops --help` in a project: the same plus npm's own start-up (optional: older results lack it). */
  readonly npxHelp?: number;
  /** `node bin/cdktf-gitops explain --ref refs/heads/main` on the root (Kubernetes) project, building it. */
  readonly explain: number;
  /** The root project's cdktf.json `app` command (bin/cdktf-gitops-app: esbuild bundle, plain node), no `cdktf.out`. */
  readonly app: number;
  /** The same synth through `node --import tsx/esm main.ts`, for comparison. */
  readonly appTsxImport: number;
  /** The same synth through `npx tsx main.ts` (the app command of round 1). */
  readonly appNpxTsx: number;
}

/** Start-up figures of the whole run, and whether the CLI ran compiled (dist/ current). */
export interface StartupResults {
  readonly compiled: boolean;
  /** The root project's cdktf.json `app` that was timed. */
  readonly appCommand: string;
  readonly samples: StartupSample[];
}

const BIN = path.join(ROOT, 'bin', 'cdktf-gitops');

/** Whether bin/cdktf-gitops runs dist/ (it falls back to the sources when dist/ is missing or older). */
export function compiledIsCurrent(): boolean {
  const compiled = path.join(ROOT, 'dist', 'pipeline', 'cli', 'main.js');
  if (!existsSync(compiled)) return false;
  const built = statSync(compiled).mtimeMs;
  const newer = (p: string): boolean =>
    statSync(p).isDirectory()
      ? readdirSync(p).some((n) => newer(path.join(p, n)))
      : p.endsWith('.ts') && statSync(p).mtimeMs > built;
  return !['index.ts', 'kubernetes.ts', 'pipeline', 'stacks'].some(
    (n) => existsSync(path.join(ROOT, n)) && newer(path.join(ROOT, n)),
  );
}

/** One round: bare node, `--help`, `explain`, and the root project's synth three ways (a throwaway copy). */
export async function startupRound(opts: CommandOptions): Promise<StartupSample> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdktf-gitops-bench-app-'));
  try {
    for (const entry of ['main.ts', 'cdktf.json', 'package.json', 'tsconfig.json', 'stacks']) {
      cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
    }
    // Linked, as an installed package's are: the app command's bin finds dist/ beside it.
    for (const entry of ['node_modules', 'bin']) symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
    const app = { ...opts, cwd: dir };
    const sh = (command: string) => timed('sh', ['-c', command], app).then((r) => r.ms);
    const fresh = (command: string) => {
      rmSync(path.join(dir, 'cdktf.out'), { recursive: true, force: true }); // as in a fresh checkout
      return sh(command);
    };
    return {
      node: (await timed(process.execPath, ['-e', '0'], opts)).ms,
      help: (await timed(process.execPath, [BIN, '--help'], opts)).ms,
      npxHelp: (await timed('npx', ['cdktf-gitops', '--help'], opts)).ms,
      explain: await fresh(`node ${BIN} explain --ref refs/heads/main`),
      app: await fresh(appCommand()),
      appTsxImport: await sh('node --import tsx/esm main.ts'),
      appNpxTsx: await sh('npx tsx main.ts'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The root project's cdktf.json `app`. */
export function appCommand(): string {
  return (JSON.parse(readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app;
}

/** Markdown rows for BENCHMARKS.md. */
export function renderStartup(r: StartupResults | undefined): string[] {
  if (!r || r.samples.length === 0) return [];
  const row = (label: string, f: (s: StartupSample) => number) =>
    `| ${label} | ${summary(r.samples.map(f))} | ${secs(median(r.samples.map((s) => f(s) - s.node)))} |`;
  const stale = r.compiled ? '' : '; **dist/ was stale: the CLI ran from sources**';
  return [
    '',
    `### Start-up and the app command (whole processes${stale})`,
    '',
    '| command | median (min–max, n) | minus `node -e 0` (paired median) |',
    '|---|---|---:|',
    `| \`node -e 0\` | ${summary(r.samples.map((s) => s.node))} | – |`,
    row('`cdktf-gitops --help`', (s) => s.help),
    ...(r.samples.every((s) => s.npxHelp !== undefined)
      ? [row('`npx cdktf-gitops --help` in this repository (npm reads its lock file first)', (s) => s.npxHelp!)]
      : []),
    row('`cdktf-gitops explain --ref refs/heads/main` (root Kubernetes project, built)', (s) => s.explain),
    row(`app command \`${r.appCommand}\` (root project, 3 environments × 2 stacks)`, (s) => s.app),
    row('the same synth, `node --import tsx/esm main.ts`', (s) => s.appTsxImport),
    row("the same synth, `npx tsx main.ts` (round 1's app command)", (s) => s.appNpxTsx),
    '',
  ];
}

/** Issue 10's start-up targets against this run's medians. */
export function startupTargets(r: StartupResults | undefined): TargetCheck[] {
  if (!r || r.samples.length === 0) return [];
  const check = (target: string, ms: number, limit: number): TargetCheck => ({
    target,
    measured: `${secs(ms)} s`,
    met: ms <= limit,
    miss: `${secs(ms - limit)} s`,
  });
  const m = (f: (s: StartupSample) => number) => median(r.samples.map(f));
  return [
    check(
      '`--help` ≤ 0.25 s (whole process)',
      m((s) => s.help),
      250,
    ),
    check(
      '`explain` ≈ 0.5 s (whole process; it builds the project: a command run now and then)',
      m((s) => s.explain),
      500,
    ),
    check(
      'app command of the root Kubernetes project ≤ 1.0 s (fresh checkout)',
      m((s) => s.app),
      1000,
    ),
  ];
}
