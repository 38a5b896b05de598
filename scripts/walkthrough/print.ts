import type { Colors } from '../../pipeline/cli/render.js';

/** Where the walkthrough writes, and how it looks. */
export interface Printer {
  /** picocolors' formatters, enabled or not. */
  readonly colors: Colors;
  /** Writes text as is (usually to stdout). */
  readonly write: (text: string) => void;
}

const WIDTH = 78;

/** The banner above a step: `━━ 2/7 · Title ━━━…`. */
export function stepHeader(p: Printer, index: number, total: number, title: string, why: string): void {
  const head = `━━ ${index}/${total} · ${title} `;
  p.write(`\n${p.colors.bold(p.colors.cyan(head + '━'.repeat(Math.max(3, WIDTH - head.length))))}\n`);
  for (const line of why.split('\n')) p.write(`  ${p.colors.dim(line)}\n`);
  p.write('\n');
}

/** A command as the user would type it. */
export function command(p: Printer, text: string): void {
  p.write(`  ${p.colors.bold(`$ ${text}`)}\n`);
}

/** A remark between commands (what a step does by hand, or why a flag is there). */
export function remark(p: Printer, text: string): void {
  p.write(`  ${p.colors.dim(`# ${text}`)}\n`);
}

/** A command's own output, indented under it. */
export function output(p: Printer, text: string): void {
  const body = text.replace(/\s+$/, '');
  if (body !== '')
    p.write(
      `${body
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n')}\n`,
    );
}

/** What the walkthrough verified after a step. */
export function checked(p: Printer, text: string): void {
  p.write(`  ${p.colors.green('✓')} ${p.colors.green(text)}\n`);
}
