/** An inline code span that survives backticks in `text` (CommonMark: a longer fence, padded). */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest === 0 ? `${fence}${text}${fence}` : `${fence} ${text} ${fence}`;
}

/**
 * Prose that may hold `<`, `>` or `&` (terraform messages, refs like `refs/heads/<branch>`): escaped
 * outside code spans so GitHub renders them instead of treating them as HTML; code spans stay as written.
 */
export function escapeText(text: string): string {
  return text
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
}
