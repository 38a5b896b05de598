// Help texts and messages name documentation by its path in the installed package: package.json "files"
// ships docs/, so the page is on the user's disk, whatever version they run.

/** The pages help texts and messages point to, by file name in the package's docs/ folder. */
export const DOC_PAGES = [
  'change-detection.md',
  'ci.md',
  'cli.md',
  'design.md',
  'promotion.md',
  'review.md',
  'security.md',
  'status-page.md',
] as const;

/** A page of {@link DOC_PAGES}. */
export type DocPage = (typeof DOC_PAGES)[number];

/** Where a project that installed cdktf-gitops has its documentation, relative to the project. */
export const DOCS_DIR = 'node_modules/cdktf-gitops/docs';

/** The path of `page` as a help text or message names it (`node_modules/cdktf-gitops/docs/review.md`). */
export function docPath(page: DocPage): string {
  return `${DOCS_DIR}/${page}`;
}
