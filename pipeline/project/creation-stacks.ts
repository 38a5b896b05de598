import { patchCdkModules } from './cdk-patch.js';

/** cdktf's `tokens/private/stack-trace` module (cdktf 0.2x; cdktn keeps the layout). */
interface StackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}

const STACK_TRACE_MODULE = 'lib/tokens/private/stack-trace.js';

/**
 * Makes cdktf record the creation stack of every token lazily until the returned function is called.
 * cdktf captures the whole stack of each token it creates (`Intrinsic`, `Lazy`, …: several per
 * resource) and formats it to strings at once, for error messages that almost never come: at 100
 * resources per environment that formatting was most of a warm synth (BENCHMARKS.md). Here the stack
 * is captured as before (same depth, same frames) and formatted only when something reads it: the
 * creation stack is an array whose contents appear on first access, identical to cdktf's.
 * `from` are module paths whose `cdktf` and `cdktn` are patched (see `withVersionChecksOnce`).
 */
export function lazyCreationStacks(from: readonly string[]): () => void {
  // A module not found captures creation stacks as cdktf does.
  return patchCdkModules(from, STACK_TRACE_MODULE, stackTraceModule, 'captureStackTrace', () => {
    return function captureStackTrace(below?: unknown): string[] {
      return lazyStack(typeof below === 'function' ? (below as (...args: never[]) => unknown) : captureStackTrace);
    };
  });
}

/**
 * The stack above `below`, as cdktf's `captureStackTrace` returns it (one string per frame, without
 * the leading `at `), captured now and formatted on first access.
 */
export function lazyStack(below: (...args: never[]) => unknown): string[] {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
    Error.captureStackTrace(holder, below);
  } finally {
    Error.stackTraceLimit = limit;
  }
  let frames: string[] | undefined;
  const materialize = (): string[] =>
    (frames ??= holder.stack
      ? holder.stack
          .split('\n')
          .slice(1)
          .map((line) => line.replace(/^\s*at\s+/, ''))
      : []);
  return new Proxy<string[]>([], {
    get: (_target, key) => {
      const value: unknown = Reflect.get(materialize(), key);
      return typeof value === 'function' ? value.bind(materialize()) : value;
    },
    has: (_target, key) => Reflect.has(materialize(), key),
    ownKeys: () => Reflect.ownKeys(materialize()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(materialize(), key),
    set: (_target, key, value) => Reflect.set(materialize(), key, value),
    deleteProperty: (_target, key) => Reflect.deleteProperty(materialize(), key),
  });
}

/** The stack-trace module itself, when it has cdktf's `captureStackTrace`. */
function stackTraceModule(module: Record<string, unknown>): StackTraceModule | undefined {
  return typeof module.captureStackTrace === 'function' ? (module as unknown as StackTraceModule) : undefined;
}
