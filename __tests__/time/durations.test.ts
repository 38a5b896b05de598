import { ConfigError } from '../../pipeline/errors.js';
import { formatDuration, parseDuration, parseUntil } from '../../pipeline/time/index.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('parseDuration', () => {
  it.each([
    ['45s', 45 * S],
    ['30m', 30 * M],
    ['1h', H],
    ['2d', 2 * D],
    ['1h30m', H + 30 * M],
    ['1h 30m', H + 30 * M],
    [' 1d2h3m4s ', D + 2 * H + 3 * M + 4 * S],
    ['90m', 90 * M],
    ['0h5m', 5 * M],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['', 'expected whole numbers with units d, h, m, s'],
    ['1', 'expected whole numbers'],
    ['h', 'expected whole numbers'],
    ['1x', 'expected whole numbers'],
    ['1.5h', 'expected whole numbers'],
    ['-1h', 'expected whole numbers'],
    ['30m1h', 'expected whole numbers'],
    ['1h1h', 'expected whole numbers'],
    ['1H', 'expected whole numbers'],
    ['1 h', 'expected whole numbers'],
    ['1w', 'expected whole numbers'],
    ['0s', 'it must be longer than zero'],
    ['0d0h', 'it must be longer than zero'],
    ['99999999999999999d', 'too long'],
  ])('refuses %j, naming it (%s)', (text, why) => {
    expect(() => parseDuration(text)).toThrow(ConfigError);
    expect(() => parseDuration(text)).toThrow(`invalid duration ${JSON.stringify(text)}: ${why}`);
  });

  it('refuses a value that is not a string (main.ts is bundled without a type check)', () => {
    expect(() => parseDuration(3600 as never)).toThrow('invalid duration 3600: expected whole numbers');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45 * S, '45s'],
    [30 * M, '30m'],
    [H + 30 * M, '1h 30m'],
    [2 * D + 3 * H, '2d 3h'],
    [D + 2 * H + 3 * M + 4 * S, '1d 2h 3m 4s'],
    [1, '1s'],
    [59 * S + 1, '1m'],
    [90 * M, '1h 30m'],
  ])('%d ms is %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('is the inverse of parseDuration for whole seconds', () => {
    for (const text of ['45s', '1h 30m', '2d 3h', '1d 2h 3m 4s'])
      expect(formatDuration(parseDuration(text))).toBe(text);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %d', (ms) => {
    expect(() => formatDuration(ms)).toThrow(RangeError);
  });
});

describe('parseUntil', () => {
  const now = new Date('2026-11-28T15:30:00.000Z');

  it.each([
    ['2h', '2026-11-28T17:30:00.000Z'],
    ['1d12h', '2026-11-30T03:30:00.000Z'],
    ['45s', '2026-11-28T15:30:45.000Z'],
    ['2026-12-01T18:00Z', '2026-12-01T18:00:00.000Z'],
    ['2026-12-01T18:00:30z', '2026-12-01T18:00:30.000Z'],
    ['2026-12-01T18:00:00+01:00', '2026-12-01T17:00:00.000Z'],
    ['2026-12-01T18:00:00.250-05:30', '2026-12-01T23:30:00.250Z'],
    ['2026-12-01', '2026-12-01T00:00:00.000Z'],
    ['2028-02-29T00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('%j is %s', (text, iso) => {
    expect(parseUntil(text, now).toISOString()).toBe(iso);
  });

  it.each([
    ['', 'invalid time "": expected an ISO 8601 date-time'],
    ['tomorrow', 'invalid time "tomorrow": expected an ISO 8601 date-time with a zone'],
    ['1x', 'invalid time "1x": expected'],
    ['2026-12-01T18:00', 'invalid time "2026-12-01T18:00": add its time zone'],
    ['2026-12-01T18:00:00', 'add its time zone'],
    ['2026-12-1', "expected an ISO 8601 date-time such as '2026-12-01T18:00Z'"],
    ['2026-12-01 18:00Z', 'expected an ISO 8601 date-time such as'],
    ['2026-04-31', 'invalid time "2026-04-31": no such date or time'],
    ['2027-02-29T00:00Z', 'no such date or time'],
    ['2026-12-01T24:00Z', 'no such date or time'],
    ['2026-12-01T18:60Z', 'no such date or time'],
    ['2026-12-01T18:00+24:00', "no such time zone offset '+24:00'"],
    ['2026-11-28T15:30Z', 'it is not in the future (now is 2026-11-28T15:30:00.000Z)'],
    ['2020-01-01', 'invalid time "2020-01-01": it is not in the future'],
    ['0s', 'invalid time "0s": expected'],
  ])('refuses %j (%s)', (text, why) => {
    expect(() => parseUntil(text, now)).toThrow(ConfigError);
    expect(() => parseUntil(text, now)).toThrow(why);
  });
});
