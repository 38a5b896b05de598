import type { CommandContext } from './context.js';
import type { CommonOptions } from './types.js';

/** Options of `state push`. */
export interface StatePushOptions extends CommonOptions {
  /** `-lock-timeout`, e.g. `30s`; defaults to the instance's. */
  lockTimeout?: string | undefined;
}

/** Options of `state pull`. */
export interface StatePullOptions extends CommonOptions {
  /**
   * Another workspace than the selected one (through `TF_WORKSPACE`, for this command only). A
   * backend may create a workspace that does not exist yet (pg does): ask only for one that should.
   */
  workspace?: string | undefined;
}

/** Arguments of `terraform state pull`. */
export function buildStatePullArgs(): string[] {
  return ['state', 'pull'];
}

/** Arguments of `terraform state push FILE`. Never `-force`: a push over a newer serial must fail. */
export function buildStatePushArgs(file: string, opts: StatePushOptions = {}): string[] {
  // A path starting with '-' would be read as a flag ('-' itself means stdin, which the runner closes).
  if (file === '' || file.startsWith('-')) throw new TypeError(`invalid state file '${file}'`);
  const args = ['state', 'push'];
  if (opts.lockTimeout !== undefined) args.push(`-lock-timeout=${opts.lockTimeout}`);
  args.push(file);
  return args;
}

/**
 * The selected workspace's state as terraform's JSON (`undefined` for a workspace with no state
 * yet); stdout (values in clear) never reaches onOutput.
 */
export async function statePull(
  ctx: CommandContext,
  opts: StatePullOptions = {},
): Promise<Record<string, unknown> | undefined> {
  const outcome = await ctx.exec({
    command: 'state pull',
    args: buildStatePullArgs(),
    signal: opts.signal,
    secretStdout: true,
    workspace: opts.workspace,
  });
  const text = outcome.stdout.trim();
  return text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
}

/** Writes a state file to the selected workspace; terraform refuses an older serial or another lineage. */
export async function statePush(ctx: CommandContext, file: string, opts: StatePushOptions = {}): Promise<void> {
  const args = buildStatePushArgs(file, { ...opts, lockTimeout: opts.lockTimeout ?? ctx.lockTimeout });
  await ctx.exec({ command: 'state push', args, signal: opts.signal });
}
