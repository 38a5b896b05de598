// What a person sees on the status page, rendered by a real Chromium from file://.
import type { Page } from 'playwright-core';
import { runBrowserTests, useBrowser, visibleText } from '../../helpers/browser.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import {
  BEHIND_STACK,
  C1,
  C2,
  C3,
  emptyProject,
  FREEZE_REASON,
  HOSTILE,
  hostileProject,
  partialProject,
  promotedProject,
  tagCommand,
  writePage,
} from './fixtures.js';
import { card, grid, lines } from './page-reading.js';

/** The rows of an environment's history table, each as its cells' text. */
async function historyRows(page: Page, environment: string): Promise<string[][]> {
  const rows = page.getByRole('table', { name: `Applies of ${environment}, newest first` }).locator('tbody tr');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    out.push((await rows.nth(i).locator('th, td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()));
  }
  return out;
}

const short = (sha: string) => sha.slice(0, 7);

(runBrowserTests() ? describe : describe.skip)('the status page in Chromium', () => {
  const browser = useBrowser();
  const dir = useTempDir('cdktf-gitops-status-page-');

  describe('after main, an apps-deploy tag, another main run, a drift check and a freeze of apps-prod', () => {
    const open = () => browser.open(writePage(dir(), 'promoted', promotedProject()));

    it('shows the environments left to right in promotion order, each with the commit it runs', async () => {
      const { page } = await open();
      const names = await page.locator('.pipeline h3').allInnerTexts();
      expect(names).toEqual(['ops', 'apps', 'apps-prod']);
      const boxes = await Promise.all(names.map((n) => card(page, n).boundingBox()));
      expect(boxes[0]!.x).toBeLessThan(boxes[1]!.x);
      expect(boxes[1]!.x).toBeLessThan(boxes[2]!.x);
      expect(new Set(boxes.map((b) => Math.round(b!.y))).size).toBe(1);
      for (const [env, commit] of [
        ['ops', C3],
        ['apps', C2],
        ['apps-prod', C1],
      ] as const) {
        const runs = card(page, env).locator('.fact-runs dd');
        expect(await visibleText(runs)).toBe(`${short(commit.sha)} ${commit.subject}`);
      }
    });

    it('says when, how and by whom each environment got its commit, with a link to the run', async () => {
      const { page } = await open();
      const ops = card(page, 'ops');
      expect(await visibleText(ops)).toMatch(/Applied\s+40 min ago 2026-12-08 09:20 UTC/);
      expect(await visibleText(ops)).toMatch(/Trigger\s+main branch refs\/heads\/main/);
      const link = ops.getByRole('link', { name: 'CI run of ops' });
      expect(await link.getAttribute('href')).toBe('https://github.com/acme/infra/actions/runs/12046');
      expect(await visibleText(card(page, 'apps'))).toMatch(/deploy tag refs\/tags\/apps-deploy-20261208-083000/);
    });

    it('shows verification, the soak time left and the last drift check in words', async () => {
      const { page } = await open();
      const apps = await visibleText(card(page, 'apps'));
      expect(apps).toMatch(/Verification\s+passed 1 h ago/);
      expect(apps).toMatch(/smoke passed\s+health passed/);
      expect(apps).toMatch(
        /Soak\s+31 min left, until 2026-12-08 10:31 UTC \(in 31 min\); then apps-prod may get this commit/,
      );
      expect(apps).toMatch(/Drift check\s+drift: 1 to change, 15 min ago/);
      expect(await visibleText(card(page, 'ops'))).toMatch(/Drift check\s+no drift, 15 min ago/);
    });

    it('marks the frozen environment with its reason, who froze it and until when', async () => {
      const { page } = await open();
      const prod = card(page, 'apps-prod');
      await expect(
        prod
          .getByRole('listitem')
          .filter({ hasText: /^frozen$/ })
          .count(),
      ).resolves.toBe(1);
      const note = prod.getByRole('note');
      expect(lines(await visibleText(note))).toEqual([
        'Frozen: applies are refused',
        FREEZE_REASON,
        'by maria-s, since 10 min ago 2026-12-08 09:50 UTC; until 2026-12-09 08:00 UTC (in 22 h)',
      ]);
      expect(await card(page, 'apps').getByRole('note').count()).toBe(0);
    });

    it('lists the waiting commits and the tag command that promotes them', async () => {
      const { page } = await open();
      const apps = card(page, 'apps');
      const waiting = apps.getByRole('region', { name: '1 commit waiting from ops' });
      expect(await waiting.getByRole('listitem').allInnerTexts()).toEqual([`${short(C3.sha)} ${C3.subject}`]);
      expect(await visibleText(waiting.locator('code[id]'))).toBe(tagCommand('apps', C3));
      const prod = card(page, 'apps-prod').getByRole('region', { name: '1 commit waiting from apps' });
      expect(await visibleText(prod.locator('code[id]'))).toBe(tagCommand('apps-prod', C2));
      expect(await visibleText(prod)).toContain('Frozen: the tag is refused until unfrozen.');
      expect(await visibleText(prod)).toContain("apps' soak time ends in 31 min: the tag is refused until then.");
      expect(await visibleText(card(page, 'ops'))).toContain('Up to date with main');
    });

    it('copies the tag command with its button, from the keyboard, without any network', async () => {
      const { page, requests } = await open();
      await browser.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      const button = card(page, 'apps').getByRole('button', { name: 'Copy the command that promotes to apps' });
      await button.focus();
      await page.keyboard.press('Enter');
      // The click handler awaits the clipboard: wait for its answer instead of reading at once.
      await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor({ timeout: 10_000 });
      expect(await visibleText(button)).toBe('Copied');
      expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(tagCommand('apps', C3));
      expect(await visibleText(page.getByRole('status'))).toBe(`Copied: ${tagCommand('apps', C3)}`);
      expect(requests).toHaveLength(1);
    });

    it('grids the commits on main against the environments: which runs where, which wait', async () => {
      const { page } = await open();
      expect(await grid(page)).toEqual({
        [short(C3.sha)]: ['runs', 'waiting', ''],
        [short(C2.sha)]: ['', 'runs', 'waiting'],
        [short(C1.sha)]: ['', '', 'runs'],
        '0f9e8d7': ['', '', ''],
      });
      const head = page.getByRole('table', { name: /commits on main/ }).locator('thead th');
      expect(await head.allInnerTexts()).toEqual(['Commit', 'ops', 'apps', 'apps-prod']);
    });

    it("lists each environment's applies newest first: time, commit, ref, trigger, result, actor, notes", async () => {
      const { page } = await open();
      const ops = await historyRows(page, 'ops');
      expect(ops.map((r) => r[4])).toEqual(['succeeded', 'failed', 'succeeded', 'succeeded', 'succeeded']);
      expect(ops[0]).toEqual([
        '40 min ago 2026-12-08 09:20 UTC',
        `${short(C3.sha)} ${C3.subject}`,
        'refs/heads/main',
        'main branch',
        'succeeded',
        "dana-kim · CI run of ops' apply of e4b2f37",
        '',
      ]);
      const prod = await historyRows(page, 'apps-prod');
      expect(prod).toHaveLength(1);
      expect(prod[0]![6]).toBe('approved allow-destroy');
      await page.getByRole('link', { name: 'History of apps-prod' }).click();
      expect(page.url()).toMatch(/#history-apps-prod$/);
    });
  });

  describe('an environment of several stacks that disagree, after an overridden gate', () => {
    const open = () => browser.open(writePage(dir(), 'partial', partialProject()));

    it('shows each stack and its commit, and which stack differs', async () => {
      const { page } = await open();
      const apps = card(page, 'apps');
      expect(
        await apps
          .getByRole('listitem')
          .filter({ hasText: /^partial$/ })
          .count(),
      ).toBe(1);
      expect(lines(await visibleText(apps.getByRole('note')))).toEqual([
        'Stacks disagree',
        `its stacks run different commits: ${BEHIND_STACK} runs ${short(C2.sha)}, network and db run ${short(C3.sha)}`,
      ]);
      const rows = apps.getByRole('table', { name: 'Stacks of apps' }).locator('tbody tr');
      const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      expect(texts).toEqual([
        `network ${short(C3.sha)} ${C3.subject}`,
        `${BEHIND_STACK} ${short(C2.sha)} ${C2.subject} differs`,
        `db ${short(C3.sha)} ${C3.subject}`,
      ]);
      expect(await grid(page)).toMatchObject({
        [short(C3.sha)]: ['runs', 'runs in network, db', ''],
        [short(C2.sha)]: ['', `runs in ${BEHIND_STACK}`, 'runs'],
      });
      expect(await historyRows(page, 'apps').then((r) => r[0]![6])).toBe('3 stacks');
    });

    it('marks an overridden gate, a failed check and its output, a state problem, an unsigned record', async () => {
      const { page } = await open();
      const prod = card(page, 'apps-prod');
      const badges = await prod.getByRole('list', { name: 'apps-prod: state' }).getByRole('listitem').allInnerTexts();
      expect(badges).toEqual(['gate overridden', 'state problem', 'unsigned record', 'verification failed']);
      const notes = await prod.getByRole('note').allInnerTexts();
      expect(notes.map((n) => n.split('\n')[0])).toEqual(['State problem', 'Record not trusted', 'Gate overridden']);
      const output = prod.locator('details.output pre');
      expect(await output.isVisible()).toBe(false);
      await prod.getByText('Output of smoke').focus();
      await page.keyboard.press('Enter');
      expect(await visibleText(output)).toBe('GET https://shop.example/healthz → 503 Service Unavailable');
      expect(await visibleText(prod)).toMatch(/smoke failed \(exit 1\)\s+health passed/);
      expect((await historyRows(page, 'apps-prod'))[0]![6]).toBe('gate overridden');
    });
  });

  it('shows a project with no records: nothing applied, the first commit waiting, no history', async () => {
    const { page } = await browser.open(writePage(dir(), 'empty', emptyProject()));
    for (const env of ['ops', 'apps', 'apps-prod']) {
      expect(await visibleText(card(page, env))).toContain('nothing applied by the pipeline yet');
    }
    expect(await visibleText(card(page, 'ops'))).toContain('1 commit on main not applied yet');
    expect(await page.getByRole('button').count()).toBe(0);
    expect(await grid(page)).toEqual({ '0f9e8d7': ['waiting', '', ''] });
    expect(await page.getByText('No applies recorded yet.').count()).toBe(3);
  });

  it('shows markup in commit subjects, reasons, output and names as text, and runs none of it', async () => {
    const { page, requests, errors } = await browser.open(writePage(dir(), 'hostile', hostileProject()));
    await page.locator('details.output summary').first().click();
    const text = await visibleText(page.locator('body'));
    for (const value of [
      HOSTILE.subject,
      HOSTILE.reason,
      HOSTILE.output,
      HOSTILE.actor,
      HOSTILE.runUrl,
      HOSTILE.stack,
    ]) {
      expect(text).toContain(value);
    }
    expect(await page.evaluate<string>('typeof window.pwned')).toBe('undefined');
    expect(await page.locator('img, b, main main').count()).toBe(0);
    expect(await page.locator('body').isVisible()).toBe(true);
    expect(requests).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
