import type { CommandContext } from './context.js';
import type { CommandResult, CommonOptions, Diagnostic } from './types.js';

/** Options of `apply`. There are no vars or targets: they are fixed in the saved plan. */
export interface ApplyOptions extends CommonOptions {
  /** `-lock-timeout`, e.g. `30s`; defaults to the instance's. */
  lockTimeout?: string | undefined;
  /** `-parallelism=N`. */
  parallelism?: number;
}

/** A finished apply. */
export interface ApplyResult extends CommandResult {
  /** terraform's "Apply complete! Resources: …" counts, when it printed them. */
  summary?: { add: number; change: number; remove: number };
  /** Warnings (errors reject instead). */
  diagnostics: Diagnostic[];
}

/** Arguments of `terraform apply PLANFILE`. */
export function buildApplyArgs(planFile: string, opts: ApplyOptions = {}): string[] {
  const args = ['apply', '-json', '-input=false', '-no-color'];
  if (opts.lockTimeout !== undefined) args.push(`-lock-timeout=${opts.lockTimeout}`);
  if (opts.parallelism !== undefined) args.push(`-parallelism=${opts.parallelism}`);
  args.push(planFile);
  return args;
}

/** Applies a saved plan, and nothing else. */
export async function apply(ctx: CommandContext, planFile: string, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const args = buildApplyArgs(planFile, { ...opts, lockTimeout: opts.lockTimeout ?? ctx.lockTimeout });
  const outcome = await ctx.exec({ command: 'apply', args, signal: opts.signal, uiStream: true });
  const result: ApplyResult = { ...outcome.result, diagnostics: outcome.diagnostics };
  for (const event of outcome.events) {
    if (event.type === 'change-summary' && event.operation === 'apply') {
      result.summary = { add: event.add, change: event.change, remove: event.remove };
    }
  }
  return result;
}
