// End to end: `status --html` of a real project after real runs (git, terraform, the CLI), opened in
// Chromium from file:// and read as a person reads it; `status --json` of the same repository agrees.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { PROJECT_ENV } from '../../e2e/review-project.js';
import { runBrowserTests, testOutput, useBrowser, visibleText } from '../../helpers/browser.js';
import { cli } from '../../helpers/cli.js';
import type { ExampleRepo } from '../../helpers/example-repo.js';
import { git } from '../../helpers/git.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { BASE, commitConfig, deploy, run, securityRepo } from '../../security/project.js';
import { card, grid, lines, tabThrough } from './page-reading.js';

jest.setTimeout(300_000);

const REASON = 'Quarter-end close: no production changes until finance signs off';
/** The local user who freezes apps-prod (no CI actor here). */
const FROZEN_BY = 'release-manager-kim';

interface Pending {
  commits: { sha: string; subject: string }[];
  from: string;
  command?: string;
}
interface StatusJson {
  environments: {
    environment: string;
    current?: { sha: string };
    freeze: { reason: string; by: string; until?: string } | null;
    lastDriftCheck: { result: string; commit: string } | null;
    pending?: Pending;
  }[];
}

const short = (sha: string) => sha.slice(0, 7);
/** `2026-12-08 09:20 UTC`, as the page writes absolute times. */
const ABSOLUTE = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC';
/** A moment ago, relative to when `status` read it (a loaded machine may take a minute between the calls). */
const RECENT = '(?:just now|\\d+ min ago)';

/** `environment: text` of each element that reaches past the right edge of its card (a string: no DOM types here). */
const OUTSIDE_THEIR_CARD = `[...document.querySelectorAll('article.card')].flatMap((card) => {
  const edge = card.getBoundingClientRect().right;
  return [...card.querySelectorAll('*')]
    .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > edge + 0.5)
    .map((el) => card.querySelector('h3').innerText + ': ' + el.innerText);
})`;

(runBrowserTests() ? describe : describe.skip)(
  'status --html after main, a deploy tag, main, drift and a freeze',
  () => {
    const browser = useBrowser();
    const dir = useTempDir('cdktf-gitops-status-html-');
    let repo: ExampleRepo;
    let file: string;
    let written: string;
    /** Commits on main: the repository's first, three environments (main, apps-deploy-1), ops: b (main). */
    let initial: string;
    let first: string;
    let second: string;

    beforeAll(async () => {
      repo = await securityRepo();
      first = await git(repo.dir, 'rev-parse', 'HEAD');
      initial = await git(repo.dir, 'rev-parse', 'HEAD~1');
      expect((await run(repo.dir)).exitCode).toBe(0);
      expect((await deploy(repo.dir, 'apps-deploy-1', first)).exitCode).toBe(0);
      second = await commitConfig(repo, { resources: { ...BASE, ops: [{ name: 'a' }, { name: 'b' }] } }, 'ops: b');
      expect((await run(repo.dir)).exitCode).toBe(0);
      expect((await cli(repo.dir, ['drift'], PROJECT_ENV)).exitCode).toBe(0);
      const freeze = await cli(repo.dir, ['freeze', 'apps-prod', '--reason', REASON], {
        ...PROJECT_ENV,
        USER: FROZEN_BY,
      });
      expect(freeze.exitCode).toBe(0);
      file = path.join(dir(), 'status.html');
      const r = await cli(repo.dir, ['status', '--html', file], PROJECT_ENV);
      expect(r.exitCode).toBe(0);
      written = r.stderr;
    });
    afterAll(() => repo?.remove());

    /** The page, opened from file://, with every request it made and every error it reported. */
    const open = () => browser.open(file);
    const pendingRegion = (page: Page, env: string, from: string, count: number) =>
      card(page, env).getByRole('region', { name: `${count} commit${count === 1 ? '' : 's'} waiting from ${from}` });

    it('is written where --html says, and the CLI says so', () => {
      expect(written).toContain(`status page written to ${file}`);
    });

    it('shows ops, apps and apps-prod in promotion order, each with the commit it runs', async () => {
      const { page } = await open();
      expect(await page.locator('.pipeline h3').allInnerTexts()).toEqual(['ops', 'apps', 'apps-prod']);
      expect(await visibleText(card(page, 'ops').locator('.fact-runs dd'))).toBe(`${short(second)} ops: b`);
      expect(await visibleText(card(page, 'apps').locator('.fact-runs dd'))).toBe(`${short(first)} three environments`);
      expect(await visibleText(card(page, 'apps-prod'))).toContain('nothing applied by the pipeline yet');
      expect(await visibleText(card(page, 'apps'))).toMatch(/Trigger\s+deploy tag refs\/tags\/apps-deploy-1/);
      expect(await grid(page)).toEqual({
        [short(second)]: ['runs', 'waiting', ''],
        [short(first)]: ['', 'runs', 'waiting'],
        [short(initial)]: ['', '', 'waiting'],
      });
    });

    it("shows apps-prod's freeze: its reason and who set it", async () => {
      const { page } = await open();
      const prod = card(page, 'apps-prod');
      expect(
        await prod
          .getByRole('listitem')
          .filter({ hasText: /^frozen$/ })
          .count(),
      ).toBe(1);
      expect(lines(await visibleText(prod.getByRole('note')))).toEqual([
        'Frozen: applies are refused',
        REASON,
        expect.stringMatching(new RegExp(`^by ${FROZEN_BY}, since ${RECENT} ${ABSOLUTE}; until unfrozen$`)),
      ]);
      expect(await card(page, 'apps').getByRole('note').count()).toBe(0);
    });

    it('lists the commit waiting for apps with its tag command, and what waits for apps-prod', async () => {
      const { page } = await open();
      const apps = pendingRegion(page, 'apps', 'ops', 1);
      expect(await apps.getByRole('listitem').allInnerTexts()).toEqual([`${short(second)} ops: b`]);
      expect(await visibleText(apps.locator('code[id]'))).toMatch(
        new RegExp(`^git tag (apps-deploy-\\d{8}-\\d{6}) ${second} && git push origin \\1$`),
      );
      const prod = pendingRegion(page, 'apps-prod', 'apps', 2);
      expect(await prod.getByRole('listitem').allInnerTexts()).toEqual([
        `${short(first)} three environments`,
        `${short(initial)} initial`,
      ]);
      expect(await visibleText(prod)).toContain('Frozen: the tag is refused until unfrozen.');
      expect(await visibleText(card(page, 'ops'))).toContain('Up to date with main');
    });

    it('shows the last drift check of each environment that has a record', async () => {
      const { page } = await open();
      for (const [env, commit] of [
        ['ops', second],
        ['apps', first],
      ] as const) {
        expect(await visibleText(card(page, env))).toMatch(
          new RegExp(`Drift check\\s+no drift, ${RECENT} ${ABSOLUTE} of ${short(commit)}`),
        );
      }
      expect(await visibleText(card(page, 'apps-prod'))).not.toContain('Drift check');
    });

    it('keeps every text of a card inside the card (nothing cut off at its edge)', async () => {
      const { page } = await open();
      expect(await page.evaluate<string[]>(OUTSIDE_THEIR_CARD)).toEqual([]);
    });

    it('requests nothing but its own file while it is used, reports no error, and leaves a screenshot', async () => {
      const { page, requests, errors } = await open();
      for (const summary of await page.locator('summary').all()) await summary.click();
      await tabThrough(page);
      await page.screenshot({ path: testOutput('status-page', 'status-html-e2e.png'), fullPage: true });
      expect(requests[0]).toBe(pathToFileURL(file).href);
      expect(requests.filter((url) => !url.startsWith('file://') && !url.startsWith('data:'))).toEqual([]);
      expect(errors).toEqual([]);
    });

    it("reaches each card's controls by keyboard, in order, and each history table from its card", async () => {
      const { page } = await open();
      const stops = await tabThrough(page);
      expect(stops.map((s) => s.name)).toEqual([
        'Skip to content',
        'Environments',
        'Commits',
        'History',
        'History of ops',
        'Copy the command that promotes to apps',
        'History of apps',
        'Copy the command that promotes to apps-prod',
        'History of apps-prod',
      ]);
      for (const stop of stops) expect([stop.name, stop.inView, stop.outline >= 2]).toEqual([stop.name, true, true]);
      await card(page, 'apps').getByRole('link', { name: 'History of apps' }).focus();
      await page.keyboard.press('Enter');
      expect(page.url()).toMatch(/#history-apps$/);
      const rows = page.getByRole('table', { name: 'Applies of apps, newest first' }).locator('tbody tr');
      expect((await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${RECENT} ${ABSOLUTE} ${short(first)} three environments refs/tags/apps-deploy-1 deploy tag succeeded`,
          ),
        ),
      ]);
      expect(await rows.first().isVisible()).toBe(true);
    });

    it('carries the same model in status --json: the freeze, the pending commits, the drift checks', async () => {
      const r = await cli(repo.dir, ['status', '--json'], PROJECT_ENV);
      expect(r.exitCode).toBe(0);
      const byEnv = Object.fromEntries(
        (JSON.parse(r.stdout) as StatusJson).environments.map((e) => [e.environment, e]),
      );
      expect(Object.keys(byEnv)).toEqual(['ops', 'apps', 'apps-prod']);
      expect(byEnv['apps-prod']!.freeze).toMatchObject({ reason: REASON, by: FROZEN_BY });
      expect(byEnv['apps-prod']!.freeze?.until).toBeUndefined();
      expect([byEnv.ops!.freeze, byEnv.apps!.freeze]).toEqual([null, null]);
      const pending = (env: string) => {
        const p = byEnv[env]!.pending;
        return p && { from: p.from, commits: p.commits.map((c) => `${short(c.sha)} ${c.subject}`) };
      };
      expect(pending('ops')).toEqual({ from: 'main', commits: [] });
      expect(pending('apps')).toEqual({ from: 'ops', commits: [`${short(second)} ops: b`] });
      expect(pending('apps-prod')).toEqual({
        from: 'apps',
        commits: [`${short(first)} three environments`, `${short(initial)} initial`],
      });
      expect(byEnv.apps!.pending?.command).toMatch(new RegExp(`^git tag apps-deploy-\\d{8}-\\d{6} ${second} `));
      expect([byEnv.ops!.current?.sha, byEnv.apps!.current?.sha, byEnv['apps-prod']!.current]).toEqual([
        second,
        first,
        undefined,
      ]);
      expect([byEnv.ops!.lastDriftCheck, byEnv.apps!.lastDriftCheck]).toEqual([
        expect.objectContaining({ result: 'no-drift', commit: second }),
        expect.objectContaining({ result: 'no-drift', commit: first }),
      ]);
    });
  },
);
