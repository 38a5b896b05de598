import { ConfigError } from '../errors.js';
import { DURATION_UNITS, parseDuration as parseSetting } from '../../stacks/options/duration.js';

/**
 * Milliseconds of a duration such as `1h`, `30m`, `1h30m`, `1h 30m`, `2d` or `45s` (units d, h, m, s,
 * largest first). Throws a {@link ConfigError} (exit 2) naming the text when it is not one, or is zero.
 */
export function parseDuration(text: string): number {
  try {
    return parseSetting(text);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

/**
 * A duration for people: `1h 30m`, `45s`, `2d 3h`, every non-zero unit from days to seconds. Partial
 * seconds round up, so "opens in 1s" is never early; zero is `0s`. Throws a RangeError when negative.
 */
export function formatDuration(ms: number): string {
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`not a duration: ${ms} ms`);
  let rest = Math.ceil(ms / 1000) * 1000;
  const parts: string[] = [];
  for (const [unit, unitMs] of DURATION_UNITS) {
    const count = Math.floor(rest / unitMs);
    rest -= count * unitMs;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return parts.length > 0 ? parts.join(' ') : '0s';
}
