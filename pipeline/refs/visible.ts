/** Longest text {@link visible} returns before it truncates. */
const MAX_VISIBLE = 80;

/**
 * `text` with every character outside printable ASCII escaped (`\n`, `\x1b`, `\u{e9}`), truncated
 * to 80 characters, so a hostile ref can neither hide characters nor drive the terminal.
 */
export function visible(text: string): string {
  const escaped = Array.from(text, visibleChar).join('');
  return escaped.length > MAX_VISIBLE ? `${escaped.slice(0, MAX_VISIBLE)}…` : escaped;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One character (code point) as printable ASCII. */
export function visibleChar(char: string): string {
  const code = char.codePointAt(0)!;
  if (NAMED_ESCAPES[char]) return NAMED_ESCAPES[char];
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code > 0x7e) return `\\u{${code.toString(16)}}`;
  return char;
}
