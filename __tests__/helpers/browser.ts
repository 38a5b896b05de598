// A real Chromium (Debian's package, never a downloaded build) driven by playwright-core, one per test file.
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { ROOT } from './paths.js';
import { makeTempDir, removeDir } from './temp-dir.js';

/** Debian's Chromium, which `.ci/run` installs with apt-get when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where browser tests leave screenshots and PDFs for people to look at (gitignored). */
export const TEST_OUTPUT = path.join(ROOT, 'test-output');

/** Flags for a quiet, offline, throwaway browser: no sandbox (root in CI), no GPU, nothing phoning home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether browser tests run: where Chromium is installed, and always in CI (a missing browser is
 * broken CI, so the tests fail there instead of passing vacuously). Locally they skip and say why.
 */
export function runBrowserTests(): boolean {
  if (existsSync(CHROMIUM) || process.env.CI !== undefined) return true;
  console.warn(`Browser tests skipped: ${CHROMIUM} is missing (install it with: apt-get install chromium)`);
  return false;
}

/** A page opened from a file, with everything it asked for and every error it reported. */
export interface OpenedPage {
  readonly page: Page;
  /** The URL of every request the page made, in order (the document itself first). */
  readonly requests: string[];
  /** Console errors (a Content-Security-Policy violation is one) and uncaught exceptions. */
  readonly errors: string[];
}

/** Options of {@link BrowserSession.open}. */
export interface OpenOptions {
  readonly colorScheme?: 'light' | 'dark';
  readonly viewport?: { readonly width: number; readonly height: number };
}

/** One browser for a test file: pages are opened in it and closed after each test. */
export interface BrowserSession {
  /** The browser's context (for permissions such as the clipboard). */
  context(): BrowserContext;
  /** Opens `file` from `file://` in a new page, recording its requests and errors before it loads. */
  open(file: string, options?: OpenOptions): Promise<OpenedPage>;
}

/**
 * Launches Chromium with a fresh profile before the enclosing file's tests and closes it after them;
 * pages opened during a test are closed after that test.
 */
export function useBrowser(): BrowserSession {
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  const pages: Page[] = [];
  beforeAll(async () => {
    profile = makeTempDir('cdktf-gitops-chromium-');
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
    });
  }, 60_000);
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
  });
  afterAll(async () => {
    await context?.close();
    removeDir(profile);
  });
  const current = (): BrowserContext => {
    if (!context) throw new Error('useBrowser: no browser outside the tests it serves');
    return context;
  };
  return {
    context: current,
    async open(file, options = {}) {
      const page = await current().newPage();
      pages.push(page);
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      if (options.viewport) await page.setViewportSize(options.viewport);
      await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      return { page, requests, errors };
    },
  };
}

/** A path under {@link TEST_OUTPUT}/`folder`, the folder made if needed. */
export function testOutput(folder: string, name: string): string {
  const dir = path.join(TEST_OUTPUT, folder);
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/** The text of `locator` as the page lays it out: what a person reads (hidden text left out, blocks on own lines). */
export function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's rendered text is the point, not textContent.
  return locator.innerText();
}
