import type { LogFolder } from '../ci/index.js';
import type { PipelineEvent } from '../model.js';
import { plain, type Colors } from './colors.js';
import { gateLine, planSummary, RUN_WORDS, seconds, symbol, type ProgressWords } from './format.js';
import { UNATTRIBUTED, UnitFolds } from './progress-folds.js';
import { stageEnd, stackEnd, terraformLines, verboseLine } from './progress-lines.js';
import { unitLabel, UnitTracker, type Unit } from './progress-units.js';

/**
 * What the progress renderer reads: the pipeline's events, a warning possibly naming the
 * environment (and stack) it is about, so that it too names its unit while several run.
 */
export { RUN_WORDS, type ProgressWords } from './format.js';

export type ProgressEvent = PipelineEvent;

/** Options of {@link progressRenderer}. */
export interface ProgressOptions {
  /** Default {@link plain}. */
  readonly colors?: Colors;
  /** Only warnings (and `--verbose` raw output): the command prints the result itself. */
  readonly quiet?: boolean;
  /** Folds raw terraform output in a CI log (pass it with `--verbose` in CI only). */
  readonly folder?: LogFolder;
  /** Planned changes listed per environment before "… and N more"; default 30. */
  readonly maxChanges?: number;
  /** Default {@link RUN_WORDS}. */
  readonly words?: ProgressWords;
  /** Clock of held folds' start times (milliseconds); default `Date.now`. */
  readonly now?: () => number;
}

/** Turns pipeline events and raw terraform lines into the lines to print, in order. */
export interface ProgressRenderer {
  /** The lines an event prints. */
  (event: ProgressEvent): string[];
  /** The lines a raw terraform line prints now ([] while its unit's fold holds it); `unit` says whose it is. */
  output(line: string, unit?: Unit): string[];
  /** What is still held (the folds of units that never ended): print it when the command stops. */
  flush(): string[];
}

/** Per unit: changes collected while terraform plans, and a summary waiting for its step's ✓ line. */
interface PlanState {
  planned: { address: string; action: string }[];
  planning: boolean;
  summary: string[];
}

/**
 * Turns pipeline events into progress lines: a header per stage, each step with its time, the
 * plan's changes once known, and each stage's outcome. While one unit (an environment, or a stack
 * of one made of named stacks) runs at a time, the lines are grouped under their stage's header;
 * while several run, every line names its unit in front (`[ops/net]`) and CI folds hold each
 * unit's raw output until it ends (progress-folds.ts). Planned changes are listed under the summary,
 * so they never end up hidden inside a fold.
 */
export function progressRenderer(opts: ProgressOptions = {}): ProgressRenderer {
  const c = opts.colors ?? plain;
  const max = opts.maxChanges ?? 30;
  const words = opts.words ?? RUN_WORDS;
  const units = new UnitTracker(c);
  const folds = new UnitFolds(opts.quiet ? undefined : opts.folder, opts.now ?? Date.now);
  const states = new Map<string, PlanState>();
  const stateOf = (unit: Unit): PlanState => {
    const key = unitLabel(unit);
    const state = states.get(key) ?? { planned: [], planning: false, summary: [] };
    states.set(key, state);
    return state;
  };
  const listPlanned = (planned: { address: string; action: string }[]): string[] => {
    const shown = planned.slice(0, max).map((p) => `      ${symbol(p.action, c)} ${p.address}`);
    return planned.length > max ? [...shown, c.dim(`      … and ${planned.length - max} more`)] : shown;
  };
  // Sequential lines name a stack in a tag; concurrent ones name the whole unit in front instead.
  const tag = (stack: string | undefined) => (stack !== undefined && !units.concurrent ? c.dim(`[${stack}] `) : '');
  const starts = (unit: Unit): string[] => {
    const lines = units.start(unit) ? folds.holdAll(units.running()) : [];
    if (units.concurrent) folds.hold(unitLabel(unit));
    return lines;
  };

  const lines = (event: ProgressEvent): string[] => {
    const unit = unitFrom(event);
    const say = (text: string[]) => (unit ? units.attribute(unit, text) : text);
    if (event.type === 'warning') return say([c.yellow(c.bold(`WARNING: ${event.message}`))]);
    if (opts.quiet) return [];
    switch (event.type) {
      case 'synth':
        return [c.dim(`synthesized in ${seconds(event.durationMs)}`)];
      case 'gate':
        return event.result.passed ? [gateLine(event.result, c)] : []; // the result explains a refusal
      case 'stage-start': {
        const steps = event.actions.join(' → ');
        return say([c.bold(`▶ ${event.environment}: ${words.action(event.actions)}`) + c.dim(`  (${steps})`)]);
      }
      case 'stack-start': {
        const after = event.dependsOn.length > 0 ? c.dim(` (after ${event.dependsOn.join(', ')})`) : '';
        return say([`  ▸ stack ${c.bold(event.stack)}${after}`]);
      }
      case 'step-start':
        stateOf(unit!).planning = event.action === 'plan';
        return folds.stepStart(unitLabel(unit!), event.action);
      case 'step-end': {
        const state = stateOf(unit!);
        const mark = event.ok ? c.green('✓') : c.red('✗');
        const step = `  ${mark} ${tag(event.stack)}${event.action.padEnd(17)}${c.dim(seconds(event.durationMs))}`;
        const summary = state.summary;
        state.planning = false;
        state.summary = [];
        return [...folds.stepEnd(unitLabel(unit!)), ...say([step, ...summary])];
      }
      case 'terraform':
        return say(terraformLines(event.event, stateOf(unit!).planned, c));
      case 'check':
        return say([`    ${event.ok ? c.green('✓') : c.red('✗')} ${tag(event.stack)}${event.message}`]);
      case 'plan-summary': {
        const state = stateOf(unit!);
        const summary = [
          `    ${tag(event.stack)}${planSummary(event.changes, event.hasChanges, c)}`,
          ...listPlanned(state.planned),
        ];
        state.planned = [];
        if (!state.planning) return say(summary);
        state.summary = summary;
        return [];
      }
      default:
        return [];
    }
  };

  const render = (event: ProgressEvent): string[] => {
    switch (event.type) {
      case 'stage-start':
      case 'stack-start': {
        const unit = unitFrom(event)!;
        const opened = starts(unit);
        stateOf(unit).planned = [];
        return [...opened, ...lines(event)];
      }
      case 'stack-end': {
        const unit = { environment: event.environment, stack: event.result.stack };
        const out = [...folds.end(unitLabel(unit)), ...units.attribute(unit, stackEnd(event, words, c, opts.quiet))];
        units.end(unit);
        return out;
      }
      case 'stage-end': {
        const s = event.stage;
        const unit = { environment: s.environment };
        const held = [unitLabel(unit), ...(s.stacks ?? []).map((k) => unitLabel({ ...unit, stack: k.stack }))];
        const end = units.attribute(unit, stageEnd(event, words, c, opts.quiet));
        const out = [...held.flatMap((u) => folds.end(u)), ...end];
        if (!units.end(unit)) return out;
        // The phase is over; the blank line that separates stages, after a sequential one too.
        return [...out, ...folds.end(UNATTRIBUTED), ...(opts.quiet ? [] : [''])];
      }
      default:
        return lines(event);
    }
  };
  const output = (line: string, unit?: Unit): string[] => {
    const text = `    ${verboseLine(line)}`;
    // A line of no unit during a concurrent phase cannot go in a unit's fold: held in one of its own.
    if (!unit && units.concurrent) folds.hold(UNATTRIBUTED);
    if (folds.take(unit ? unitLabel(unit) : units.concurrent ? UNATTRIBUTED : undefined, text)) return [];
    return unit ? units.attribute(unit, [text]) : [text];
  };
  return Object.assign(render, { output, flush: () => folds.flush() });
}

/** The unit an event names, if any (`stage-end` and `stack-end` name theirs in their result). */
function unitFrom(event: ProgressEvent): Unit | undefined {
  if (!('environment' in event) || event.environment === undefined) return undefined;
  const stack = 'stack' in event ? event.stack : undefined;
  return stack !== undefined ? { environment: event.environment, stack } : { environment: event.environment };
}
