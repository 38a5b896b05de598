import { createRequire } from 'node:module';
import type TableType from 'cli-table3';
import type pcType from 'picocolors';

// The table and colour libraries (CommonJS) load on first use, not at start-up: `--help` needs neither.
const requireLazily = createRequire(import.meta.url);
// `new Table(...)` constructs cli-table3's table, loading it on first use (a constructor may return an object).
export const Table = function LazyTable(options?: TableType.TableConstructorOptions) {
  return new (requireLazily('cli-table3') as typeof TableType)(options);
} as unknown as typeof TableType;
const pc = { createColors: (enabled: boolean) => lazyColors(enabled) };

/** picocolors' formatters; with colors disabled each one returns its input unchanged. */
export type Colors = ReturnType<typeof pcType.createColors>;

/** No colors: every renderer's default, so text is plain unless the caller decided otherwise. */
export const plain: Colors = pc.createColors(false);

/** picocolors' `createColors(enabled)`, loaded when a formatter is first used. */
function lazyColors(enabled: boolean): Colors {
  let colors: Colors | undefined;
  const real = () => (colors ??= (requireLazily('picocolors') as typeof pcType).createColors(enabled));
  return new Proxy({} as Colors, { get: (_target, key) => real()[key as keyof Colors] });
}

/**
 * Whether text written to a stream gets ANSI colors. picocolors decides once, at import, from
 * `process`; this takes the environment and the stream's TTY flag instead, so the CLI and tests choose.
 * A non-empty NO_COLOR disables (it wins, as in picocolors); FORCE_COLOR enables, except `0` or `false`;
 * otherwise a TTY whose TERM is not `dumb`, or CI (GitHub and GitLab logs render ANSI).
 */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return (isTTY && env.TERM !== 'dumb') || !!env.CI;
}

/** picocolors' `createColors`, enabled by {@link colorEnabled}. */
export function colorsFor(env: NodeJS.ProcessEnv, isTTY: boolean): Colors {
  return pc.createColors(colorEnabled(env, isTTY));
}
