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

/** Targets of issue 10: CLI / limit with nothing to change, by size. */
const LIMIT_TARGETS: Readonly<Record<number, number>> = { 100: 2.0, 1000: 1.5 };

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

/** The CLI / limit table (nothing to change), for the sizes that measured the limit. */
export function renderLimit(r: BenchResults): string[] {
  const sizes = r.sizes.filter((s) => (s.limitNoop ?? []).length > 0);
  if (sizes.length === 0) return [];
  const out = ['', '### Against the limit (nothing to change: the bare `terraform plan` of ops and apps)', ''];
  out.push('| N | (a) this CLI | limit | (a)/limit | (a)−limit |', '|---:|---|---|---:|---:|');
  for (const s of sizes) {
    const q = limitRatio(s);
    const d = paired(s.aNoop, s.limitNoop!, (a, b) => a - b);
    out.push(`| ${s.resources} | ${summary(s.aNoop)} | ${summary(s.limitNoop!)} | ${ratio(q)} | +${secs(d)} |`);
  }
  out.push('', `limit: \`${LIMIT_COMMAND}\`, in the same round as (a), right after its nothing-to-change run.`);
  return out;
}

/** Issue 10's CLI / limit targets against this run, as rows of the targets table. */
export function limitTargets(r: BenchResults): { target: string; measured: string; met: boolean; miss?: string }[] {
  return r.sizes
    .filter((s) => LIMIT_TARGETS[s.resources] !== undefined && (s.limitNoop ?? []).length > 0)
    .map((s) => {
      const goal = LIMIT_TARGETS[s.resources]!;
      const q = limitRatio(s);
      return {
        target: `(a)/limit ≤ ${goal.toFixed(1)} at N=${s.resources} (nothing to change)`,
        measured: ratio(q),
        met: q <= goal,
        miss: ratio(q - goal),
      };
    });
}

function limitRatio(s: SizeResults): number {
  return paired(s.aNoop, s.limitNoop ?? [], (a, b) => a / b);
}
