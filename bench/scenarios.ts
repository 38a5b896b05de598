import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { timed, timedWithRss, type CommandOptions } from './measure.js';
import type { ScaledProject } from './project.js';

/** One measurement of one tool. */
export interface Sample {
  readonly ms: number;
  /** Peak RSS of the orchestrator (this CLI only). */
  readonly rssKb?: number;
}

/** The floor's terraform commands. */
export const FLOOR_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'floor.sh');

/** The exact commands, for the report. */
export const COMMANDS = {
  a: 'node_modules/.bin/cdktf-gitops run --ref refs/heads/main --json (with --full where nothing changes)',
  b: '<app from cdktf.json: npx tsx main.ts> && sh bench/floor.sh <project> <record>',
  c:
    'TF_WORKSPACE=ops node_modules/.bin/cdktf deploy ops --auto-approve --var cdktf_gitops_deployment=<record> && ' +
    'TF_WORKSPACE=apps node_modules/.bin/cdktf diff apps',
} as const;

/**
 * A tool's installed executable, started directly: npm's own start-up (`npx`, `npm exec`: ~0.4 s per
 * call, timed in the start-up rounds) is the same for every tool and not what is compared.
 */
export function bin(projectDir: string, name: string): string {
  return path.join(projectDir, 'node_modules', '.bin', name);
}

interface RunJson {
  status: string;
  stages: { environment: string; status: string }[];
}

/** One run of this CLI: the statuses it must end with, and how it is started. */
export interface PipelineRun {
  /** `<environment>:<status>` of every stage, comma-separated (`ops:applied,apps:planned`). */
  readonly expect: string;
  /** Default `refs/heads/main`. */
  readonly ref?: string;
  /** More arguments (`--full`). */
  readonly args?: readonly string[];
  /** Turns the init reuse off (`CDKTF_GITOPS_INIT=always`). */
  readonly initAlways?: boolean;
}

/** (a) this CLI's run of a ref (main by default), checked against the statuses it must end with. */
export async function runPipeline(p: ScaledProject, opts: CommandOptions, run: PipelineRun): Promise<Sample> {
  const env = run.initAlways ? { ...opts.env, CDKTF_GITOPS_INIT: 'always' } : opts.env;
  const r = await timedWithRss(
    bin(p.dir, 'cdktf-gitops'),
    ['run', '--ref', run.ref ?? 'refs/heads/main', '--json', ...(run.args ?? [])],
    { cwd: p.dir, env },
    '/cdktf-gitops',
  );
  const json = JSON.parse(r.stdout) as RunJson;
  const statuses = json.stages.map((s) => `${s.environment}:${s.status}`).join(',');
  if (json.status !== 'succeeded' || statuses !== run.expect) {
    throw new Error(`unexpected run result ${json.status} ${statuses}, expected ${run.expect}`);
  }
  return { ms: r.ms, rssKb: r.rssKb };
}

/** The cdktf.json `app` command of the project (its own synth command). */
function appCommand(dir: string): string {
  return (JSON.parse(readFileSync(path.join(dir, 'cdktf.json'), 'utf8')) as { app: string }).app;
}

/** (b) the floor: the project's synth command once, then the plain terraform script. */
export async function runFloor(
  p: ScaledProject,
  opts: CommandOptions,
  record: string,
): Promise<Sample & { synthMs: number }> {
  const t0 = performance.now();
  const synth = await timed('sh', ['-c', appCommand(p.dir)], { ...opts, cwd: p.dir });
  await timed('sh', [FLOOR_SCRIPT, p.dir, record], { ...opts, cwd: p.dir });
  return { ms: performance.now() - t0, synthMs: synth.ms };
}

/**
 * (c) the cdktf CLI: `cdktf deploy ops` then `cdktf diff apps`, workspaces through TF_WORKSPACE.
 * Both workspaces exist beforehand (untimed): cdktf's init would otherwise prompt for one.
 */
export async function runCdktf(p: ScaledProject, opts: CommandOptions, record: string): Promise<Sample> {
  for (const ws of ['ops', 'apps'])
    mkdirSync(path.join(p.dir, '.terraform-state', 'workspaces', ws), { recursive: true });
  const t0 = performance.now();
  await timed(bin(p.dir, 'cdktf'), ['deploy', 'ops', '--auto-approve', '--var', `cdktf_gitops_deployment=${record}`], {
    cwd: p.dir,
    env: { ...opts.env, TF_WORKSPACE: 'ops' },
  });
  await timed(bin(p.dir, 'cdktf'), ['diff', 'apps'], { cwd: p.dir, env: { ...opts.env, TF_WORKSPACE: 'apps' } });
  return { ms: performance.now() - t0 };
}

/** After a clean run: ops' state holds every resource and the record, so each tool did the same work. */
export function checkApplied(p: ScaledProject): void {
  const file = path.join(p.dir, '.terraform-state', 'workspaces', 'ops', 'terraform.tfstate');
  const count = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { resources: unknown[] }).resources.length
    : 0;
  if (count !== p.resources + 1) throw new Error(`ops state holds ${count} resources, expected ${p.resources + 1}`);
}
