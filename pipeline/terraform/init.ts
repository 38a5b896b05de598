import type { CommandContext } from './context.js';
import type { CommandResult, CommonOptions } from './types.js';

/** Options of `init`. */
export interface InitOptions extends CommonOptions {
  /** `-upgrade`: newest providers/modules allowed by the constraints. */
  upgrade?: boolean;
  /** `-reconfigure`: ignore the saved backend configuration (no state migration). */
  reconfigure?: boolean;
  /** `-backend-config=KEY=VALUE` for each entry (partial backend configuration). */
  backendConfig?: Record<string, string>;
  /** `-lock-timeout`, e.g. `30s`; defaults to the instance's. */
  lockTimeout?: string | undefined;
}

/** Arguments of `terraform init`. */
export function buildInitArgs(opts: InitOptions = {}): string[] {
  const args = ['init', '-input=false', '-no-color'];
  if (opts.upgrade) args.push('-upgrade');
  if (opts.reconfigure) args.push('-reconfigure');
  if (opts.lockTimeout !== undefined) args.push(`-lock-timeout=${opts.lockTimeout}`);
  for (const [key, value] of Object.entries(opts.backendConfig ?? {})) args.push(`-backend-config=${key}=${value}`);
  return args;
}

/** Runs `terraform init`. */
export async function init(ctx: CommandContext, opts: InitOptions = {}): Promise<CommandResult> {
  const args = buildInitArgs({ ...opts, lockTimeout: opts.lockTimeout ?? ctx.lockTimeout });
  return (await ctx.exec({ command: 'init', args, signal: opts.signal })).result;
}
