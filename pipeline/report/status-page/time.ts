import { type Html, html } from './escape.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `iso` as `2026-12-08 09:15 UTC`: the same on every machine that renders or reads the page. */
export function absoluteTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `iso` relative to `now`: `3 h ago`, `in 20 min`, `just now`. */
export function relativeTime(iso: string, now: Date): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const delta = now.getTime() - date.getTime();
  if (Math.abs(delta) < MINUTE) return 'just now';
  const span = formatDuration(Math.abs(delta), 1);
  return delta > 0 ? `${span} ago` : `in ${span}`;
}

/** A duration in its largest units: `2 d 3 h`, `42 min`, `30 s` (`parts` units at most). */
export function formatDuration(ms: number, parts = 2): string {
  const units: [number, string][] = [
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'min'],
    [1000, 's'],
  ];
  let rest = Math.round(Math.max(0, ms) / 1000) * 1000;
  const first = units.findIndex(([size]) => rest >= size);
  if (first < 0) return '0 s';
  const out: string[] = [];
  for (const [size, name] of units.slice(first, first + parts)) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) out.push(`${count} ${name}`);
  }
  return out.join(' ');
}

/** A `<time>`: relative to the page's time, the absolute time beside it (and in its tooltip). */
export function timeAt(iso: string, now: Date): Html {
  const absolute = absoluteTime(iso);
  const relative = html`<time datetime="${iso}" title="${absolute}">${relativeTime(iso, now)}</time>`;
  return html`${relative} <span class="abs">${absolute}</span>`;
}

/** A `<time>` for a deadline: the absolute time first, how far away it is beside it. */
export function deadline(iso: string, now: Date): Html {
  return html`<time datetime="${iso}">${absoluteTime(iso)}</time> <span class="abs">(${relativeTime(iso, now)})</span>`;
}
