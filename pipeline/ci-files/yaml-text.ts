// The few YAML forms the CI files use, written as text: the files keep their comments and layout, and
// the generator needs no YAML library at run time.

/** Words YAML 1.1 (which some CI parsers still follow) reads as booleans or null. */
const RESERVED_WORDS = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;

/** A plain scalar may not start with an indicator, a quote, a space, or anything read as a number. */
const UNSAFE_START = /^[-?:,[\]{}#&*!|>'"%@`.+\s\d]/;

/** `value` as a YAML scalar: plain when YAML reads it back as the same string, single-quoted otherwise. */
export function yamlScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (/[\n\r\t]/.test(value)) throw new Error(`a CI file value may not contain a line break or tab: ${value}`);
  const plain =
    value !== '' &&
    !UNSAFE_START.test(value) &&
    !RESERVED_WORDS.test(value) &&
    !value.includes(': ') &&
    !value.includes(' #') &&
    !/[:\s]$/.test(value);
  return plain ? value : `'${value.replaceAll("'", "''")}'`;
}

/** A one-line flow sequence of single-quoted strings: `['a', 'b']`. */
export function yamlFlowList(items: readonly string[]): string {
  return `[${items.map((item) => `'${item.replaceAll("'", "''")}'`).join(', ')}]`;
}

/** `key: value` lines of a mapping, indented by `indent` spaces. */
export function yamlMapping(entries: Readonly<Record<string, string | number | boolean>>, indent: number): string[] {
  const pad = ' '.repeat(indent);
  return Object.entries(entries).map(([key, value]) => `${pad}${key}: ${yamlScalar(value)}`);
}

/** Comment lines (`# …`) indented by `indent` spaces; an empty line stays a bare `#`. */
export function yamlComment(lines: readonly string[], indent = 0): string[] {
  const pad = ' '.repeat(indent);
  return lines.map((line) => (line === '' ? `${pad}#` : `${pad}# ${line}`));
}
