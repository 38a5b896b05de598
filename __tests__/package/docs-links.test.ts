import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { DOC_PAGES } from '../../pipeline/cli/doc-pages.js';
import { ROOT } from '../helpers/paths.js';
import { githubAnchor, headingAnchors, markdownLinks, withoutCode } from './markdown-links.js';

// README is the front page and docs/ the reference, shipped in the package: material that moves between
// them must leave no dead link, no link to a file the package does not ship, and no test or source file
// named as a claim's backing that does not exist.

const PAGES = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const read = (page: string) => readFileSync(path.join(ROOT, page), 'utf8');
const FILES = (JSON.parse(read('package.json')) as { files: string[] }).files;

/** Every broken link of `page`, as `page: [text](target): why`. */
function deadLinks(page: string): string[] {
  const problems: string[] = [];
  for (const link of markdownLinks(read(page))) {
    const target =
      link.file === '' ? path.join(ROOT, page) : path.resolve(path.dirname(path.join(ROOT, page)), link.file);
    const shown = `${page}: [${link.text}](${link.file}${link.anchor !== undefined ? `#${link.anchor}` : ''})`;
    const relative = path.relative(ROOT, target);
    if (!existsSync(target)) problems.push(`${shown}: no such file`);
    else if (!FILES.some((f) => relative === f || relative.startsWith(`${f}/`)))
      problems.push(`${shown}: not in the package ("files" of package.json)`);
    else if (
      link.anchor !== undefined &&
      target.endsWith('.md') &&
      !headingAnchors(readFileSync(target, 'utf8')).has(link.anchor)
    )
      problems.push(`${shown}: no such heading`);
  }
  return problems;
}

/** Repository paths a page names in code spans (`__tests__/e2e/x.test.ts`, `__tests__/cdktn/*.test.ts`) that match nothing. */
function missingPaths(page: string): string[] {
  const named = read(page).matchAll(/`((?:__tests__|pipeline|stacks|bench|scripts|bin|examples)\/[\w./*-]*)`/g);
  return [...named].map((m) => m[1]!).filter((p) => !matchesAny(p));
}

function matchesAny(pattern: string): boolean {
  if (!pattern.includes('*')) return existsSync(path.join(ROOT, pattern));
  const dir = path.join(ROOT, path.dirname(pattern));
  const name = new RegExp(`^${path.basename(pattern).replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`);
  return existsSync(dir) && statSync(dir).isDirectory() && readdirSync(dir).some((f) => name.test(f));
}

describe('markdown links and anchors, as GitHub renders them', () => {
  it.each([
    ['Guarantees, and the tests behind them', 'guarantees-and-the-tests-behind-them'],
    ['Drift detection: `cdktf-gitops drift`', 'drift-detection-cdktf-gitops-drift'],
    ['`workspace select -or-create`', 'workspace-select--or-create'],
    [
      'What each ref does (environments e0 … en in promotion order)',
      'what-each-ref-does-environments-e0--en-in-promotion-order',
    ],
    ["The plan summary from the plan's own stream", 'the-plan-summary-from-the-plans-own-stream'],
  ])('%s → #%s', (heading, anchor) => {
    expect(githubAnchor(heading)).toBe(anchor);
  });

  it('numbers repeated headings and ignores "#" lines in code blocks', () => {
    const page = '# Title\n## Tests\n```sh\n# a comment\n```\n## Tests\n';
    expect([...headingAnchors(page)]).toEqual(['title', 'tests', 'tests-1']);
  });

  it('finds relative links with their anchors, not web links or links inside code', () => {
    const page = '[a](docs/x.md#y) [b](#z) [c](https://e.org) `[d](e.md)`\n```\n[f](g.md)\n```\n[h](../i.md)';
    expect(markdownLinks(page)).toEqual([
      { text: 'a', file: 'docs/x.md', anchor: 'y' },
      { text: 'b', file: '', anchor: 'z' },
      { text: 'h', file: '../i.md' },
    ]);
    expect(withoutCode('x `[d](e.md)` y')).toBe('x  y');
  });
});

describe('README.md and docs/', () => {
  it.each(PAGES)('%s: every relative link names a shipped file and an existing heading', (page) => {
    expect(deadLinks(page)).toEqual([]);
  });

  it.each(PAGES)('%s: every test, source or example path it names exists', (page) => {
    expect(missingPaths(page)).toEqual([]);
  });

  it('README links every page of docs/', () => {
    const linked = new Set(markdownLinks(read('README.md')).map((l) => l.file));
    expect(PAGES.filter((p) => p !== 'README.md' && !linked.has(p))).toEqual([]);
  });

  it('README stays a front page (at most 250 lines) and names the test command CI runs', () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
    expect(readme).toContain('npm test');
    expect(read('.ci/run')).toMatch(/^npm test\b/m);
  });

  it('every page help texts and messages name is in docs/, which the package ships', () => {
    expect(DOC_PAGES.filter((page) => !existsSync(path.join(ROOT, 'docs', page)))).toEqual([]);
    expect(FILES).toEqual(expect.arrayContaining(['docs', 'README.md']));
  });
});
