// How the status page behaves in a real Chromium: offline, by keyboard, in both colour schemes, printed.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { runBrowserTests, testOutput, useBrowser } from '../../helpers/browser.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { emptyProject, partialProject, promotedProject, writePage } from './fixtures.js';
import { FOCUSED, type Focused, tabThrough } from './page-reading.js';

/** A CSS colour `rgb(r, g, b)` as its relative luminance (WCAG). */
function luminance(css: string): number {
  const [r, g, b] = css
    .match(/\d+(\.\d+)?/g)!
    .slice(0, 3)
    .map(Number) as [number, number, number];
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The WCAG contrast ratio of two CSS colours. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The contrast of a badge of `tone`: its text on its background. */
async function toneContrast(page: Page, tone: string): Promise<number> {
  const badge = `.badge.tone-${tone}`;
  return contrast(await styleOf(page, badge, 'color'), await styleOf(page, badge, 'backgroundColor'));
}

/** Computed `property` of the first element matching `selector`. */
function styleOf(page: Page, selector: string, property: string): Promise<string> {
  return page.evaluate<string>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`);
}

(runBrowserTests() ? describe : describe.skip)('the status page in Chromium: offline, keyboard, schemes, print', () => {
  const browser = useBrowser();
  const dir = useTempDir('cdktf-gitops-status-page-');

  it.each([
    ['promoted', promotedProject],
    ['partial', partialProject],
    ['empty', emptyProject],
  ])('%s: requests nothing but its own file, also while it is used, and reports no error', async (name, model) => {
    const file = writePage(dir(), name, model());
    const { page, requests, errors } = await browser.open(file);
    for (const summary of await page.locator('summary').all()) await summary.click();
    for (const button of await page.getByRole('button').all()) await button.click();
    for (const link of await page.locator('a[href^="#"]:not(.skip-link)').all()) await link.click();
    await tabThrough(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(300);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(errors).toEqual([]);
  });

  it('moves the keyboard focus through the page in reading order, with a visible focus ring', async () => {
    const { page } = await browser.open(writePage(dir(), 'promoted', promotedProject()));
    const stops = await tabThrough(page);
    expect(stops.map((s) => s.name)).toEqual([
      'Skip to content',
      'Environments',
      'Commits',
      'History',
      'CI run of ops',
      'History of ops',
      'CI run of apps',
      'Copy the command that promotes to apps',
      'History of apps',
      'CI run of apps-prod',
      'Copy the command that promotes to apps-prod',
      'History of apps-prod',
      ...Array(5).fill(expect.stringMatching(/^CI run of ops' apply of [0-9a-f]{7}$/)),
      ...Array(2).fill(expect.stringMatching(/^CI run of apps' apply of [0-9a-f]{7}$/)),
      expect.stringMatching(/^CI run of apps-prod's apply of [0-9a-f]{7}$/),
    ]);
    for (const stop of stops) {
      expect(stop).toEqual({ name: stop.name, outline: expect.any(Number), inView: true });
      expect(stop.outline).toBeGreaterThanOrEqual(2);
    }
  });

  it('skips to the content from the first Tab stop', async () => {
    const { page } = await browser.open(writePage(dir(), 'promoted', promotedProject()));
    await page.keyboard.press('Tab');
    expect(await page.evaluate<Focused>(FOCUSED)).toMatchObject({ name: 'Skip to content', inView: true });
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('main');
    await page.keyboard.press('Tab');
    expect((await page.evaluate<Focused>(FOCUSED)).name).toBe('CI run of ops');
  });

  it('has a dark scheme with other colours, and readable contrast in both', async () => {
    const promoted = writePage(dir(), 'promoted', promotedProject());
    const partial = writePage(dir(), 'partial', partialProject());
    const ratios: [string, number][] = [];
    const background: Record<string, number> = {};
    for (const scheme of ['light', 'dark'] as const) {
      const { page } = await browser.open(promoted, { colorScheme: scheme });
      const bg = await styleOf(page, 'html', 'backgroundColor');
      const surface = await styleOf(page, '.card', 'backgroundColor');
      background[scheme] = luminance(bg);
      ratios.push([`${scheme} text`, contrast(await styleOf(page, 'body', 'color'), bg)]);
      ratios.push([`${scheme} muted`, contrast(await styleOf(page, '.abs', 'color'), surface)]);
      ratios.push([`${scheme} link`, contrast(await styleOf(page, '.run-link', 'color'), surface)]);
      for (const tone of ['frozen', 'wait', 'ok', 'warn'])
        ratios.push([`${scheme} ${tone}`, await toneContrast(page, tone)]);
      await page.screenshot({ path: testOutput('status-page', `promoted-${scheme}.png`), fullPage: true });
      const { page: broken } = await browser.open(partial, { colorScheme: scheme });
      ratios.push([`${scheme} bad`, await toneContrast(broken, 'bad')]);
      const callout = '.callout.tone-bad';
      ratios.push([
        `${scheme} callout`,
        contrast(
          await styleOf(broken, `${callout} p:not(.callout-title)`, 'color'),
          await styleOf(broken, callout, 'backgroundColor'),
        ),
      ]);
    }
    expect(background.light).toBeGreaterThan(0.8);
    expect(background.dark).toBeLessThan(0.05);
    expect(ratios.filter(([, ratio]) => ratio < 4.5)).toEqual([]);
    expect(ratios).toHaveLength(18);
  });

  it('prints in light colours without controls, cards wrapped to the page, as a PDF', async () => {
    const { page } = await browser.open(writePage(dir(), 'promoted', promotedProject()), { colorScheme: 'dark' });
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    expect(await styleOf(page, 'html', 'backgroundColor')).toBe('rgb(255, 255, 255)');
    expect(await page.getByRole('navigation').isVisible()).toBe(false);
    const buttons = await page.locator('button').all();
    expect(buttons).toHaveLength(2);
    for (const button of buttons) expect(await button.isVisible()).toBe(false);
    expect(await styleOf(page, '.run-link', 'color')).toBe('rgb(0, 0, 0)');
    expect(
      await page.evaluate<string>(`getComputedStyle(document.querySelector('.run-link'), '::after').content`),
    ).toBe('" <https://github.com/acme/infra/actions/runs/12046>"');
    const pdf = testOutput('status-page', 'promoted.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1').match(/\/Type\s*\/Page\b/g)!.length).toBeGreaterThanOrEqual(2);
  });

  it('stacks the cards on a narrow screen without scrolling sideways', async () => {
    const { page } = await browser.open(writePage(dir(), 'partial', partialProject()), {
      viewport: { width: 420, height: 900 },
    });
    const boxes = await Promise.all(
      ['ops', 'apps', 'apps-prod'].map((n) => page.getByRole('article', { name: n, exact: true }).boundingBox()),
    );
    expect(boxes[0]!.y).toBeLessThan(boxes[1]!.y);
    expect(boxes[1]!.y).toBeLessThan(boxes[2]!.y);
    for (const box of boxes) expect(box!.x + box!.width).toBeLessThanOrEqual(420);
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= innerWidth')).toBe(true);
    const shot = await page.screenshot({ path: testOutput('status-page', 'partial-narrow.png'), fullPage: true });
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
  });
});
