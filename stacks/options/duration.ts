// Durations in project settings (`soakTime: { apps: '1h' }`) and on the command line (`freeze --until 2h`).

/** Milliseconds per unit of a duration, largest first (the order the units must be written in). */
export const DURATION_UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
] as const;

/** `1h30m`, `1h 30m`, `2d`, `45s`: whole numbers with a unit each, largest unit first, each unit once. */
const DURATION = /^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$/;

/**
 * Milliseconds of a duration such as `1h`, `30m`, `1h30m`, `1h 30m`, `2d` or `45s` (units d, h, m, s,
 * largest first). Throws a TypeError naming the text when it is not one, or is zero.
 */
export function parseDuration(text: string): number {
  const match = typeof text === 'string' ? DURATION.exec(text.trim()) : null;
  if (match === null || match.slice(1).every((part) => part === undefined)) {
    throw new TypeError(
      `invalid duration ${JSON.stringify(text)}: expected whole numbers with units d, h, m, s, largest first ` +
        "(e.g. '1h30m', '2d', '45s')",
    );
  }
  const ms = DURATION_UNITS.reduce((sum, [, unitMs], i) => sum + Number(match[i + 1] ?? 0) * unitMs, 0);
  if (ms === 0) throw new TypeError(`invalid duration ${JSON.stringify(text)}: it must be longer than zero`);
  if (!Number.isSafeInteger(ms)) throw new TypeError(`invalid duration ${JSON.stringify(text)}: too long`);
  return ms;
}
