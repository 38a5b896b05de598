import type { CommandContext } from './context.js';
import type { CommonOptions } from './types.js';

/** Options of `force-unlock`. */
export type ForceUnlockOptions = CommonOptions;

/** Arguments of `terraform force-unlock -force LOCK_ID`. */
export function buildForceUnlockArgs(lockId: string): string[] {
  // An ID starting with '-' would be read as a flag.
  if (lockId === '' || lockId.startsWith('-')) throw new TypeError(`invalid lock ID '${lockId}'`);
  return ['force-unlock', '-force', '-no-color', lockId];
}

/** Removes a state lock by ID; only for a holder known to be gone (see TerraformLockError.holder). */
export async function forceUnlock(ctx: CommandContext, lockId: string, opts: ForceUnlockOptions = {}): Promise<void> {
  await ctx.exec({ command: 'force-unlock', args: buildForceUnlockArgs(lockId), signal: opts.signal });
}
