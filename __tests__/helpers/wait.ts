// Polling for something a subprocess does, with a deadline that turns a hang into a clear failure.
import { setTimeout as delay } from 'node:timers/promises';

/** Options of {@link waitFor}. */
export interface WaitOptions {
  /** Fail after this long; default 60 s (a hang, not a timing assertion). */
  readonly timeoutMs?: number;
  /** Time between checks; default 100 ms. */
  readonly intervalMs?: number;
}

/** Resolves once `check` holds, polling; rejects naming `what` after the timeout. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  opts: WaitOptions = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(opts.intervalMs ?? 100);
  }
}
