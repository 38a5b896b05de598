import { createHash } from 'node:crypto';
import { escapeHtml, html, idFor, safeHref, trusted } from '../../../pipeline/report/status-page/escape.js';
import { renderStatusPage } from '../../../pipeline/report/status-page/index.js';
import { absoluteTime, formatDuration, relativeTime } from '../../../pipeline/report/status-page/time.js';
import { emptyProject, HOSTILE, hostileProject, partialProject, promotedProject } from './fixtures.js';

const NOW = new Date('2026-12-08T10:00:00Z');

/** Every value of a `src` or `href` attribute in `page`. */
function links(page: string): string[] {
  return [...page.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
}

describe('escaping', () => {
  it('escapes the five characters that can end text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('html`` escapes interpolated text, keeps markup it made, joins lists and drops false and undefined', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${'<script>'}${inner}${[html`<br>`, 'a&b']}${false}${undefined}${3}</p>`.text).toBe(
      '<p>&lt;script&gt;<b>&lt;i&gt;</b><br>a&amp;b3</p>',
    );
    expect(html`${trusted('<style>')}`.text).toBe('<style>');
  });

  it.each([
    ['https://github.com/acme/infra/actions/runs/1', 'https://github.com/acme/infra/actions/runs/1'],
    ['http://ci.internal/job/7', 'http://ci.internal/job/7'],
    ['javascript:alert(1)', undefined],
    ['JaVaScRiPt:alert(1)', undefined],
    ['data:text/html,<script>', undefined],
    ['/actions/runs/1', undefined],
    [undefined, undefined],
  ])('a link to %s is %s', (url, href) => {
    expect(safeHref(url)).toBe(href);
  });

  it('makes ids of names that hold other characters, distinct for distinct names', () => {
    const ids = ['apps', 'apps.prod', 'apps_prod', 'apps prod', '<x>'].map((n) => idFor('env', n));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^env-[A-Za-z0-9_-]+$/);
  });

  it('renders no markup from the model: one script (its own), no image, no handler, no javascript: link', () => {
    const page = renderStatusPage(hostileProject());
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/<img|<svg onload|<b>bold/i);
    expect(links(page).filter((l) => !l.startsWith('#') && !l.startsWith('https://'))).toEqual([]);
    expect(page).toContain(`<span class="meta">${escapeHtml(HOSTILE.runUrl)}</span>`);
    expect(page.match(/<style/g)).toHaveLength(1);
    expect(page).toContain(escapeHtml(HOSTILE.subject));
    expect(page).toContain(escapeHtml(HOSTILE.reason));
    expect(page).toContain(escapeHtml(HOSTILE.output));
    expect(page).toContain(escapeHtml(HOSTILE.branch));
  });
});

describe('self-contained', () => {
  it.each([
    ['promoted', promotedProject()],
    ['partial', partialProject()],
    ['empty', emptyProject()],
  ])('%s: links only within the page or to the CI runs of the model', (_name, model) => {
    const page = renderStatusPage(model);
    const runs = new Set(
      model.environments.flatMap((e) => [e.current?.runUrl, ...e.history.map((h) => h.runUrl)]).filter((u) => u),
    );
    const external = links(page).filter((l) => !l.startsWith('#'));
    for (const link of external) expect(runs).toContain(link);
    expect(page).not.toMatch(/<(img|link|iframe|object|embed)\b|@import|url\(/i);
    expect(page).not.toMatch(/\ssrc=/);
  });

  it('allows nothing but its own inline style and script, by hash', () => {
    const page = renderStatusPage(promotedProject());
    const csp = page.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)![1]!;
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const style = page.match(/<style>([\s\S]*?)<\/style>/)![1]!;
    const script = page.match(/<script>([\s\S]*?)<\/script>/)![1]!;
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      `style-src ${hash(style)}`,
      `script-src ${hash(script)}`,
      "base-uri 'none'",
      "form-action 'none'",
    ]);
  });
});

describe('times', () => {
  it.each([
    ['2026-12-08T09:59:31Z', 'just now'],
    ['2026-12-08T09:20:00Z', '40 min ago'],
    ['2026-12-08T08:30:00Z', '1 h ago'],
    ['2026-12-03T14:00:00Z', '4 d ago'],
    ['2026-12-08T10:31:00Z', 'in 31 min'],
    ['2026-12-09T08:00:00Z', 'in 22 h'],
    ['not a time', 'not a time'],
  ])('%s is %s from the page time', (iso, text) => {
    expect(relativeTime(iso, NOW)).toBe(text);
  });

  it.each([
    [0, '0 s'],
    [30_000, '30 s'],
    [31 * 60_000, '31 min'],
    [65 * 60_000, '1 h 5 min'],
    [60 * 60_000, '1 h'],
    [(49 * 60 + 30) * 60_000, '2 d 1 h'],
    [-5, '0 s'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('writes absolute times in UTC, to the minute', () => {
    expect(absoluteTime('2026-12-08T09:20:59.999+02:00')).toBe('2026-12-08 07:20 UTC');
  });
});
