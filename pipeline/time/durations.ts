import { ConfigError } from '../errors.js';

/** Milliseconds per unit of a duration, largest first (the order the units must be written in). */
const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
] as const;

/** `1h30m`, `1h 30m`, `2d`, `45s`: whole numbers with a unit each, largest unit first, each unit once. */
const DURATION = /^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$/;

/**
 * Milliseconds of a duration such as `1h`, `30m`, `1h30m`, `1h 30m`, `2d` or `45s` (units d, h, m, s,
 * largest first). Throws a {@link ConfigError} (exit 2) naming the text when it is not one, or is zero.
 */
export function parseDuration(text: string): number {
  const match = typeof text === 'string' ? DURATION.exec(text.trim()) : null;
  if (match === null || match.slice(1).every((part) => part === undefined)) {
    throw new ConfigError(
      `invalid duration ${JSON.stringify(text)}: expected whole numbers with units d, h, m, s, largest first ` +
        "(e.g. '1h30m', '2d', '45s')",
    );
  }
  const ms = UNITS.reduce((sum, [, unitMs], i) => sum + Number(match[i + 1] ?? 0) * unitMs, 0);
  if (ms === 0) throw new ConfigError(`invalid duration ${JSON.stringify(text)}: it must be longer than zero`);
  if (!Number.isSafeInteger(ms)) throw new ConfigError(`invalid duration ${JSON.stringify(text)}: too long`);
  return ms;
}

/**
 * A duration for people: `1h 30m`, `45s`, `2d 3h`, every non-zero unit from days to seconds. Partial
 * seconds round up, so "opens in 1s" is never early; zero is `0s`. Throws a RangeError when negative.
 */
export function formatDuration(ms: number): string {
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`not a duration: ${ms} ms`);
  let rest = Math.ceil(ms / 1000) * 1000;
  const parts: string[] = [];
  for (const [unit, unitMs] of UNITS) {
    const count = Math.floor(rest / unitMs);
    rest -= count * unitMs;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return parts.length > 0 ? parts.join(' ') : '0s';
}
