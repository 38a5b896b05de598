import type { CommandContext } from './context.js';
import { summarizePlanStream } from './plan-stream.js';
import type { CommandResult, CommonOptions, Diagnostic, PlanSummary } from './types.js';

/** Options of `plan`. The plan is always saved, so that apply runs exactly what was reviewed. */
export interface PlanOptions extends CommonOptions {
  /** `-out`: the plan file to write (relative to the working directory, or absolute). */
  out: string;
  /** `-var NAME=VALUE` for each entry. They appear in the arguments: never pass secrets here. */
  vars?: Record<string, string>;
  /** `-target=ADDRESS` for each entry. */
  targets?: string[];
  /** `-parallelism=N`. */
  parallelism?: number;
  /** `-lock-timeout`, e.g. `30s`; defaults to the instance's. */
  lockTimeout?: string | undefined;
  /** `-destroy`: plan to destroy everything. */
  destroy?: boolean;
  /** `false` adds `-refresh=false`. */
  refresh?: boolean;
  /** `false` adds `-lock=false` (a plan then reads the state without locking it: only where reads are atomic). */
  lock?: boolean;
}

/** A finished plan: the command, the saved plan's summary, and whether it changes anything. */
export interface PlanResult extends CommandResult, PlanSummary {
  /** Exit code 2 of `-detailed-exitcode`: resources or outputs change. */
  hasChanges: boolean;
  /** The saved plan, as given in {@link PlanOptions.out}. */
  planFile: string;
  /** Warnings (errors reject instead). */
  diagnostics: Diagnostic[];
}

/** Arguments of `terraform plan`. */
export function buildPlanArgs(opts: PlanOptions): string[] {
  const args = ['plan', '-json', '-input=false', '-no-color', '-detailed-exitcode', `-out=${opts.out}`];
  if (opts.lockTimeout !== undefined) args.push(`-lock-timeout=${opts.lockTimeout}`);
  if (opts.parallelism !== undefined) args.push(`-parallelism=${opts.parallelism}`);
  if (opts.refresh === false) args.push('-refresh=false');
  if (opts.lock === false) args.push('-lock=false');
  if (opts.destroy) args.push('-destroy');
  for (const target of opts.targets ?? []) args.push(`-target=${target}`);
  for (const [name, value] of Object.entries(opts.vars ?? {})) args.push('-var', `${name}=${value}`);
  return args;
}

/**
 * Runs `terraform plan` (exit code 2 is a result) and summarizes it from its own `-json` stream:
 * one terraform process, no `show -json` (whose output holds every value, sensitive ones in clear).
 */
export async function plan(ctx: CommandContext, opts: PlanOptions): Promise<PlanResult> {
  const args = buildPlanArgs({ ...opts, lockTimeout: opts.lockTimeout ?? ctx.lockTimeout });
  const outcome = await ctx.exec({ command: 'plan', args, signal: opts.signal, uiStream: true, okExitCodes: [2] });
  const summary = summarizePlanStream(outcome.stdout);
  return {
    ...outcome.result,
    ...summary,
    hasChanges: outcome.result.exitCode === 2,
    planFile: opts.out,
    diagnostics: outcome.diagnostics,
  };
}
