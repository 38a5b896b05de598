import { ConfigError } from '../errors.js';
import { parseDuration } from './durations.js';

/** `2026-12-01`, or a date-time with minutes, optional seconds and fraction, and a zone (`Z` or `±hh:mm`). */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?$/i;

/**
 * The end of a freeze (`freeze --until`): an ISO 8601 date-time with its zone (`2026-12-01T18:00Z`,
 * `2026-12-01T18:00:00+01:00`), a date (`2026-12-01`, midnight UTC) or a duration from `now`
 * (`2h`, `1d12h`). Throws a {@link ConfigError} (exit 2) naming the text when it is none of these,
 * names a day or time that does not exist, lacks a zone, or is not after `now`.
 */
export function parseUntil(text: string, now: Date): Date {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const until = /^\d{4}-/.test(trimmed) ? parseDateTime(trimmed, text) : fromNow(trimmed, text, now);
  if (until.getTime() <= now.getTime()) {
    throw new ConfigError(
      `invalid time ${JSON.stringify(text)}: it is not in the future (now is ${now.toISOString()})`,
    );
  }
  return until;
}

function fromNow(trimmed: string, text: string, now: Date): Date {
  try {
    return new Date(now.getTime() + parseDuration(trimmed));
  } catch {
    throw new ConfigError(
      `invalid time ${JSON.stringify(text)}: expected an ISO 8601 date-time with a zone ` +
        "(e.g. '2026-12-01T18:00Z') or a duration from now (e.g. '2h', '1d12h')",
    );
  }
}

function parseDateTime(trimmed: string, text: string): Date {
  const m = ISO_DATE_TIME.exec(trimmed);
  const bad = (why: string) => new ConfigError(`invalid time ${JSON.stringify(text)}: ${why}`);
  if (m === null) {
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(trimmed))
      throw bad("add its time zone ('Z' for UTC, or an offset such as '+01:00')");
    throw bad("expected an ISO 8601 date-time such as '2026-12-01T18:00Z' or a date such as '2026-12-01'");
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const fraction = Number(`0.${m[7] ?? '0'}`);
  const local = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
  // Date.UTC rolls 31 April over into May: compare the fields to refuse a day or time that does not exist.
  const exists =
    local.getUTCFullYear() === year &&
    local.getUTCMonth() === month! - 1 &&
    local.getUTCDate() === day &&
    local.getUTCHours() === hour &&
    local.getUTCMinutes() === minute &&
    local.getUTCSeconds() === second;
  if (!exists) throw bad('no such date or time');
  return new Date(local.getTime() + Math.round(fraction * 1000) - offsetMs(m[8] ?? 'Z', bad));
}

/** Milliseconds a zone is ahead of UTC (`+01:00` → 3600000). */
function offsetMs(zone: string, bad: (why: string) => Error): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) throw bad(`no such time zone offset '${zone}'`);
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}
