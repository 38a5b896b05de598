import type { LogFolder } from '../ci/index.js';

/** A unit's raw output held back while several units run. */
interface Held {
  /** When the holding began (milliseconds): a GitLab section then spans the unit's time. */
  readonly startedAt: number;
  /** The steps whose output it holds, in order. */
  readonly steps: string[];
  readonly lines: string[];
  /** How many of the lines are terraform's (not step headers): a fold of headers only is not printed. */
  raw: number;
}

/** The held output of no known unit (raw lines the pipeline did not attribute) while several units run. */
export const UNATTRIBUTED = '';

/**
 * CI log folds of raw terraform output. While one unit runs, each step's output streams inside a
 * fold of its own, as it arrives. While several run, folds would interleave: each unit's output is
 * then held and printed as one whole fold when the unit ends, so at most one fold is ever open.
 * Units are named by their label (`ops`, `ops/net`); raw lines of no unit held during a concurrent
 * phase are {@link UNATTRIBUTED}, printed as one fold when the phase ends.
 */
export class UnitFolds {
  /** The unit whose step fold is open (streaming), and that step. */
  private streaming: { readonly unit: string; readonly action: string } | undefined;
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly folder: LogFolder | undefined,
    private readonly now: () => number,
  ) {}

  /** From now on `units` run concurrently: close the fold being streamed and hold their output. */
  holdAll(units: readonly string[]): string[] {
    if (!this.folder) return [];
    const open = this.streaming;
    this.streaming = undefined;
    for (const unit of units) this.hold(unit);
    if (open === undefined) return [];
    // The open step goes on in the unit's held fold.
    this.held.get(open.unit)?.steps.push(open.action);
    this.held.get(open.unit)?.lines.push(`==> terraform ${open.action} (continued)`);
    return nonEmpty(this.folder.end());
  }

  /** A unit that starts during a concurrent phase: its output is held until it ends. */
  hold(unit: string): void {
    if (this.folder && !this.held.has(unit))
      this.held.set(unit, { startedAt: this.now(), steps: [], lines: [], raw: 0 });
  }

  /** A step starts: the line opening its fold, or, for a held unit, a header inside the held output. */
  stepStart(unit: string, action: string): string[] {
    const held = this.held.get(unit);
    if (held) {
      held.steps.push(action);
      held.lines.push(`==> terraform ${action}`);
      return [];
    }
    if (!this.folder) return [];
    this.streaming = { unit, action };
    return [this.folder.start(`${unit}: terraform ${action}`)];
  }

  /** A step ends: the line closing its fold, when it streams. */
  stepEnd(unit: string): string[] {
    if (this.folder === undefined || this.streaming?.unit !== unit) return [];
    this.streaming = undefined;
    return nonEmpty(this.folder.end());
  }

  /** Holds a raw line of a held unit (true), or leaves it to be printed now (false). */
  take(unit: string | undefined, line: string): boolean {
    const held = unit !== undefined ? this.held.get(unit) : undefined;
    if (held === undefined) return false;
    held.lines.push(line);
    held.raw++;
    return true;
  }

  /** A unit ended: its held output as one fold ([] when it held nothing). */
  end(unit: string): string[] {
    const held = this.held.get(unit);
    this.held.delete(unit);
    if (this.folder === undefined || held === undefined || held.raw === 0) return [];
    const title =
      unit === UNATTRIBUTED
        ? 'terraform output of the concurrent units (not attributed)'
        : `${unit}: terraform ${held.steps.length > 0 ? held.steps.join(' → ') : 'output'}`;
    return [this.folder.start(title, held.startedAt), ...held.lines, ...nonEmpty(this.folder.end())];
  }

  /** Every unit's held output, for a command that stops before its units end. */
  flush(): string[] {
    return [...this.held.keys()].flatMap((unit) => this.end(unit));
  }
}

function nonEmpty(line: string): string[] {
  return line === '' ? [] : [line];
}
