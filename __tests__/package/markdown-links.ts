// Links and heading anchors of a Markdown page, as GitHub renders them: enough to find dead links.

/** A link of a page: its target path (empty for the page itself) and its `#anchor`, if any. */
export interface MarkdownLink {
  readonly text: string;
  readonly file: string;
  readonly anchor?: string;
}

/** The page without fenced code blocks, where `# x` is a shell comment, not a heading. */
export function withoutFences(markdown: string): string {
  return markdown.replace(/^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?^[ \t]*\1[^\n]*$/gm, '');
}

/** The page without code blocks and inline code, where `[x](y)` is text, not a link. */
export function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '');
}

/** The relative links of `markdown` (web and mail links left out). */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const m of withoutCode(markdown).matchAll(/\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[2]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const hash = target.indexOf('#');
    const file = hash === -1 ? target : target.slice(0, hash);
    links.push({ text: m[1]!, file, ...(hash === -1 ? {} : { anchor: target.slice(hash + 1) }) });
  }
  return links;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes. */
export function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every heading anchor of `markdown`; a repeated heading gets `-1`, `-2`, … as on GitHub. */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutFences(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = githubAnchor(m[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}
