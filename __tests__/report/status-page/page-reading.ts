// Reading the status page as a person does, in Chromium: its cards, its commit grid, its Tab order.
import type { Locator, Page } from 'playwright-core';
import { visibleText } from '../../helpers/browser.js';

/** An environment's card, by its exact name. */
export function card(page: Page, environment: string): Locator {
  return page.getByRole('article', { name: environment, exact: true });
}

/** The commit grid as `{ shortSha: [cell text per environment] }`. */
export async function grid(page: Page): Promise<Record<string, string[]>> {
  const rows = page.getByRole('table', { name: /commits? on main/ }).locator('tbody tr');
  const out: Record<string, string[]> = {};
  for (let i = 0; i < (await rows.count()); i++) {
    const sha = await visibleText(rows.nth(i).locator('th .sha'));
    out[sha] = (await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.trim());
  }
  return out;
}

/** The non-empty lines of a text as the browser lays it out (paragraphs leave blank lines between). */
export const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** What the focused element is and how its focus is drawn (a string, so no DOM types are needed here). */
export const FOCUSED = `(() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    name: el === document.body
      ? 'BODY'
      : (el.getAttribute('aria-label') || el.innerText || el.id).replace(/\\s+/g, ' ').trim(),
    outline: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
    inView: box.width > 0 && box.bottom > 0 && box.top < innerHeight,
  };
})()`;

/** The focused element, as {@link FOCUSED} describes it. */
export interface Focused {
  readonly name: string;
  readonly outline: number;
  readonly inView: boolean;
}

/** Presses Tab until the focus leaves the page's controls; every element it stopped on, in order. */
export async function tabThrough(page: Page): Promise<Focused[]> {
  const seen: Focused[] = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<Focused>(FOCUSED);
    if (focused.name === 'BODY' || (seen.length > 0 && focused.name === seen[0]!.name)) break;
    seen.push(focused);
  }
  return seen;
}
