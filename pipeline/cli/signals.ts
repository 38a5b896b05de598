import { ExitCode } from '../errors.js';

/** SIGINT/SIGTERM handling of a long command. */
export interface SignalTrap {
  /** Aborted on the first signal: terraform gets SIGINT and may persist state and release its lock. */
  readonly signal: AbortSignal;
  /** 130 or 143 once a signal arrived, else `undefined`. */
  exitCode(): number | undefined;
  dispose(): void;
}

/** First signal: abort gracefully. Second: exit at once (execa's cleanup then kills terraform). `tool` names it. */
export function trapSignals(log: (text: string) => void, tool = 'terraform'): SignalTrap {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const codeOf = (s: NodeJS.Signals) => (s === 'SIGINT' ? ExitCode.sigint : ExitCode.sigterm);
  const handler = (sig: NodeJS.Signals) => {
    if (received) {
      log(`${sig} again: exiting now without waiting for ${tool}\n`);
      process.exit(codeOf(sig));
    }
    received = sig;
    log(`${sig} received: interrupting ${tool} so it saves state and releases its lock (send again to force)\n`);
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    exitCode: () => (received ? codeOf(received) : undefined),
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
