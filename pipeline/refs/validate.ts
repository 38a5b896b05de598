import { RefError } from './errors.js';
import { visible, visibleChar } from './visible.js';

/** Longest ref accepted, in bytes (git allows more; CI systems and terraform do not need it). */
export const MAX_REF_BYTES = 255;

/** Characters `git check-ref-format` refuses anywhere in a ref, with a readable name. */
const GIT_FORBIDDEN: Readonly<Record<string, string>> = {
  ' ': 'space',
  '~': 'tilde',
  '^': 'caret',
  ':': 'colon',
  '?': 'question mark',
  '*': 'asterisk',
  '[': 'open bracket',
  '\\': 'backslash',
};

/** Characters a shell would interpret; git allows them, we refuse them so a ref is always inert data. */
const SHELL_METACHARACTERS = new Set(['$', '`', ';', '|', '&', '<', '>', '(', ')', "'", '"', '!']);

/**
 * Checks that `ref` is a well-formed, safe ref and throws a {@link RefError} naming the first
 * problem otherwise. Applies `git check-ref-format` rules (no `..`, `@{`, `//`, control characters,
 * space `~ ^ : ? * [ \`; no component starting with `.` or ending in `.lock`; not ending in `/` or
 * `.`; at least one `/`), and additionally refuses more than 255 bytes, non-ASCII characters and
 * shell metacharacters (`$ \` ; | & < > ( ) ' " !`). `refs/pull/1/merge` is valid (and classified `none`).
 */
export function validateRef(ref: string): void {
  const problem = refProblem(ref);
  if (problem !== undefined) {
    throw new RefError(ref === '' ? 'invalid ref: it is empty' : `invalid ref '${visible(ref)}': ${problem}`, ref);
  }
}

/** The first problem with `ref`, or undefined when it is valid. */
export function refProblem(ref: string): string | undefined {
  if (ref === '') return 'it is empty';
  const bytes = Buffer.byteLength(ref, 'utf8');
  if (bytes > MAX_REF_BYTES) return `it is ${bytes} bytes long; at most ${MAX_REF_BYTES} are allowed`;
  return characterProblem(ref) ?? structureProblem(ref);
}

function characterProblem(ref: string): string | undefined {
  let index = 0;
  for (const char of ref) {
    const code = char.codePointAt(0)!;
    const at = `at position ${index}`;
    if (code < 0x20 || code === 0x7f) return `it contains the control character '${visibleChar(char)}' ${at}`;
    if (code > 0x7e) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      return `it contains the non-ASCII character '${visibleChar(char)}' (U+${hex}) ${at}; refs must be ASCII`;
    }
    if (GIT_FORBIDDEN[char])
      return `it contains '${char}' (${GIT_FORBIDDEN[char]}) ${at}, which git does not allow in a ref`;
    if (SHELL_METACHARACTERS.has(char))
      return `it contains the shell metacharacter '${char}' ${at}; refs are data and may not contain shell syntax`;
    index += char.length;
  }
  return undefined;
}

function structureProblem(ref: string): string | undefined {
  if (ref === '@') return "it is '@', which git reserves for HEAD";
  if (ref.includes('..')) return "it contains '..'";
  if (ref.includes('@{')) return "it contains '@{' (git reflog syntax)";
  if (ref.startsWith('/')) return "it starts with '/'";
  if (ref.endsWith('/')) return "it ends with '/'";
  if (ref.includes('//')) return "it contains '//'";
  if (ref.endsWith('.')) return "it ends with '.'";
  if (!ref.includes('/')) return "it has no '/'; use a full ref such as refs/heads/<branch> or refs/tags/<tag>";
  for (const component of ref.split('/')) {
    if (component.startsWith('.')) return `its component '${component}' starts with '.'`;
    if (component.endsWith('.lock')) return `its component '${component}' ends with '.lock'`;
  }
  return undefined;
}
