// The limit (issue 10): the bare terraform plans of a nothing-to-change main run, against this CLI.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { timed, type CommandOptions } from './measure.js';
import type { ScaledProject } from './project.js';
import type { BenchResults, SizeResults } from './results.js';
import { paired, ratio, secs, summary } from './stats.js';

/** The limit's terraform commands. */
export const LIMIT_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'limit.sh');

/** The exact command, for the report. */
export const LIMIT_COMMAND = 'sh bench/limit.sh <project> <ops record>: terraform plan in ops, then in apps';

/** Targets of issue 10: CLI / limit with nothing to change (planned in full), by size. */
const LIMIT_TARGETS: Readonly<Record<number, number>> = { 100: 2.0, 1000: 1.5 };

/** Target of issue 27: a main run on a commit that changes no stack / limit, by size. */
const UNCHANGED_TARGETS: Readonly<Record<number, number>> = { 1000: 0.5 };

/**
 * Times the limit once, right after a nothing-to-change run of this CLI (so the directories are
 * initialized, the workspaces selected and ops has nothing to change). The ops record comes from
 * its state file, untimed: the CLI reads it there too.
 */
export async function runLimit(p: ScaledProject, opts: CommandOptions): Promise<number> {
  const file = path.join(p.dir, '.terraform-state', 'workspaces', 'ops', 'terraform.tfstate');
  const state = JSON.parse(readFileSync(file, 'utf8')) as { outputs?: Record<string, { value?: unknown }> };
  const record = state.outputs?.cdktf_gitops_deployment?.value;
  if (typeof record !== 'string' || record === '')
    throw new Error('limit: ops holds no deployment record; run (a) first');
  return (await timed('sh', [LIMIT_SCRIPT, p.dir, record], { ...opts, cwd: p.dir })).ms;
}

/** The CLI / limit table (nothing to change, in full and with change detection), for the sizes that measured the limit. */
export function renderLimit(r: BenchResults): string[] {
  const sizes = r.sizes.filter((s) => (s.limitNoop ?? []).length > 0);
  if (sizes.length === 0) return [];
  const out = ['', '### Against the limit (nothing to change: the bare `terraform plan` of ops and apps)', ''];
  out.push(
    '| N | (a) `--full` | (a) unchanged commit | limit | `--full`/limit | unchanged/limit | `--full`−limit |',
    '|---:|---|---|---|---:|---:|---:|',
  );
  for (const s of sizes) {
    const d = paired(s.aNoop, s.limitNoop!, (a, b) => a - b);
    const unchanged = s.aUnchanged ?? [];
    const u = unchanged.length > 0 ? ratio(unchangedRatio(s)) : '–';
    out.push(
      `| ${s.resources} | ${summary(s.aNoop)} | ${unchanged.length > 0 ? summary(unchanged) : '–'} | ` +
        `${summary(s.limitNoop!)} | ${ratio(limitRatio(s))} | ${u} | +${secs(d)} |`,
    );
  }
  out.push(
    '',
    `limit: \`${LIMIT_COMMAND}\`, in the same round as (a), right after its nothing-to-change run.`,
    '(a) `--full`: the same commit again, every stack planned (as before change detection). (a) unchanged',
    'commit: after apps applied the commit (a deploy tag, untimed), main runs a new commit that changes no',
    'stack: change detection runs no terraform in ops or apps (docs/change-detection.md).',
  );
  return out;
}

/** Issue 10's and issue 27's CLI / limit targets against this run, as rows of the targets table. */
export function limitTargets(r: BenchResults): { target: string; measured: string; met: boolean; miss?: string }[] {
  const row = (target: string, q: number, goal: number) => ({
    target,
    measured: ratio(q),
    met: q <= goal,
    miss: ratio(q - goal),
  });
  const measured = r.sizes.filter((s) => (s.limitNoop ?? []).length > 0);
  return [
    ...measured
      .filter((s) => LIMIT_TARGETS[s.resources] !== undefined)
      .map((s) =>
        row(
          `(a)/limit ≤ ${LIMIT_TARGETS[s.resources]!.toFixed(1)} at N=${s.resources} (nothing to change, --full)`,
          limitRatio(s),
          LIMIT_TARGETS[s.resources]!,
        ),
      ),
    ...measured
      .filter((s) => UNCHANGED_TARGETS[s.resources] !== undefined && (s.aUnchanged ?? []).length > 0)
      .map((s) =>
        row(
          `(a)/limit ≤ ${UNCHANGED_TARGETS[s.resources]!.toFixed(1)} at N=${s.resources} (a commit that changes no stack)`,
          unchangedRatio(s),
          UNCHANGED_TARGETS[s.resources]!,
        ),
      ),
  ];
}

function unchangedRatio(s: SizeResults): number {
  return paired(s.aUnchanged ?? [], s.limitNoop ?? [], (a, b) => a / b);
}

function limitRatio(s: SizeResults): number {
  return paired(s.aNoop, s.limitNoop ?? [], (a, b) => a / b);
}
