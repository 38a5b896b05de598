import type { Colors } from './colors.js';

/** What a progress line or a raw terraform line belongs to: an environment, or one of its named stacks. */
export interface Unit {
  readonly environment: string;
  /** Set for an environment made of named stacks. */
  readonly stack?: string;
}

/** `ops/net`, or `ops` for an environment of one unnamed stack (environment names hold no `/`). */
export function unitLabel(unit: Unit): string {
  return unit.stack !== undefined ? `${unit.environment}/${unit.stack}` : unit.environment;
}

// A line's two leading spaces, after any colour codes (ESC [ … m) that open it.
const INDENT = new RegExp(`^((?:${String.fromCharCode(27)}\\[[0-9;]*m)*) {2}`);

/**
 * Which units run, from the start and end events, and whether the current phase is concurrent. A
 * unit is a stack of an environment made of named stacks (from its `stack-start` to its
 * `stack-end`), else the environment (from `stage-start` to `stage-end`). A phase turns concurrent
 * when a second unit starts while one runs, and stays so until every environment has ended: its
 * lines keep naming their unit even when one unit is left, so no line of it reads as sequential.
 */
export class UnitTracker {
  /** Per open environment, its running stacks; `''` stands for the environment until a stack starts. */
  private readonly open = new Map<string, Set<string>>();
  private width = 0;
  private concurrentPhase = false;

  constructor(private readonly c: Colors) {}

  /** Whether the lines printed now must name their unit. */
  get concurrent(): boolean {
    return this.concurrentPhase;
  }

  /** The labels of the units running now. */
  running(): string[] {
    return [...this.open].flatMap(([environment, stacks]) =>
      [...stacks].map((stack) => unitLabel(stack === '' ? { environment } : { environment, stack })),
    );
  }

  /** A unit starts: `stage-start` (no stack) or `stack-start`; returns whether the phase just turned concurrent. */
  start(unit: Unit): boolean {
    const stacks = this.open.get(unit.environment) ?? new Set<string>();
    this.open.set(unit.environment, stacks);
    if (unit.stack !== undefined) stacks.delete('');
    stacks.add(unit.stack ?? '');
    const count = [...this.open.values()].reduce((n, s) => n + s.size, 0);
    if (this.concurrentPhase || count < 2) return false;
    this.concurrentPhase = true;
    return true;
  }

  /**
   * A unit ends: `stack-end`, or `stage-end` (no stack: the environment with all its stacks).
   * Returns true when no environment is left open: the phase is over, the next one starts sequential.
   */
  end(unit: Unit): boolean {
    if (unit.stack !== undefined) this.open.get(unit.environment)?.delete(unit.stack);
    else this.open.delete(unit.environment);
    if (this.open.size > 0) return false;
    this.concurrentPhase = false;
    this.width = 0;
    return true;
  }

  /** `lines` as printed now: in a concurrent phase each names `unit` in front (blank lines dropped), else unchanged. */
  attribute(unit: Unit, lines: readonly string[]): string[] {
    const shown = lines.filter((line) => line !== '');
    if (!this.concurrentPhase) return [...lines];
    if (shown.length === 0) return [];
    const tag = `[${unitLabel(unit)}]`;
    // Aligned on the longest tag of the phase so far: the lines' own text starts in one column.
    this.width = Math.max(this.width, tag.length);
    const prefix = this.c.cyan(tag.padEnd(this.width));
    return shown.map((line) => `${prefix} ${line.replace(INDENT, '$1')}`.trimEnd());
  }
}
