import { createRequire } from 'node:module';
import type TableType from 'cli-table3';
import type pcType from 'picocolors';
import { isDeploymentRecordAddress } from '../../stacks/deployment-record-format.js';
import type { LogFolder } from '../ci/index.js';
import { promotionHint } from '../report/promotion.js';
import type {
  EnvironmentStatus,
  ExplainResult,
  GateResult,
  PipelineEvent,
  RunResult,
  StackStatus,
  StageResult,
} from '../run/types.js';
import type { TerraformEvent } from '../terraform/index.js';
import { statusNotes, statusTrigger } from './status-notes.js';

// The table and colour libraries (CommonJS) load on first use, not at start-up: `--help` needs neither.
const requireLazily = createRequire(import.meta.url);
// `new Table(...)` constructs cli-table3's table, loading it on first use (a constructor may return an object).
export const Table = function LazyTable(options?: TableType.TableConstructorOptions) {
  return new (requireLazily('cli-table3') as typeof TableType)(options);
} as unknown as typeof TableType;
const pc = { createColors: (enabled: boolean) => lazyColors(enabled) };

/** picocolors' formatters; with colors disabled each one returns its input unchanged. */
export type Colors = ReturnType<typeof pcType.createColors>;

/** No colors: every renderer's default, so text is plain unless the caller decided otherwise. */
export const plain: Colors = pc.createColors(false);

/** picocolors' `createColors(enabled)`, loaded when a formatter is first used. */
function lazyColors(enabled: boolean): Colors {
  let colors: Colors | undefined;
  const real = () => (colors ??= (requireLazily('picocolors') as typeof pcType).createColors(enabled));
  return new Proxy({} as Colors, { get: (_target, key) => real()[key as keyof Colors] });
}

/**
 * Whether text written to a stream gets ANSI colors. picocolors decides once, at import, from
 * `process`; this takes the environment and the stream's TTY flag instead, so the CLI and tests choose.
 * A non-empty NO_COLOR disables (it wins, as in picocolors); FORCE_COLOR enables, except `0` or `false`;
 * otherwise a TTY whose TERM is not `dumb`, or CI (GitHub and GitLab logs render ANSI).
 */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return (isTTY && env.TERM !== 'dumb') || !!env.CI;
}

/** picocolors' `createColors`, enabled by {@link colorEnabled}. */
export function colorsFor(env: NodeJS.ProcessEnv, isTTY: boolean): Colors {
  return pc.createColors(colorEnabled(env, isTTY));
}

/** Text of `explain`. */
export function renderExplain(result: ExplainResult, c: Colors = plain): string {
  const head = `${c.bold(result.ref)}: ${result.trigger}`;
  if (result.stages.length === 0) return `${head}\nnothing to do${result.message ? `: ${result.message}` : ''}\n`;
  return `${[
    head,
    ...result.stages.flatMap((s, i) => [
      `  ${i + 1}. ${c.bold(s.environment)} (workspace ${s.workspace}): ${s.actions.join(' → ')}`,
      ...(s.stacks ?? []).map(
        (k) => `       stack ${k.stack}${k.dependsOn.length > 0 ? c.dim(` (after ${k.dependsOn.join(', ')})`) : ''}`,
      ),
    ]),
  ].join('\n')}\n`;
}

/** Final table of a run, or of one environment's plan/apply: environment, action, result, counts, time. */
export function renderStages(stages: readonly StageResult[], c: Colors = plain): string {
  const table = new Table({
    head: ['environment', 'action', 'result', 'add', 'change', 'destroy', 'time'],
    colAligns: ['left', 'left', 'left', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [] },
  });
  for (const s of stages) {
    const skipped = s.status === 'skipped';
    table.push([
      s.environment,
      actionLabel(s.actions),
      stageStatus(s.status, c),
      s.changes.add,
      s.changes.change,
      s.changes.destroy > 0 ? c.red(String(s.changes.destroy)) : 0,
      skipped ? '' : seconds(s.durationMs),
    ]);
    // An environment made of stacks: one indented row each, under the environment's sum.
    for (const k of s.stacks ?? []) {
      table.push([
        `  ${k.stack}`,
        '',
        stackStatus(k.status, c),
        k.changes.add,
        k.changes.change,
        k.changes.destroy > 0 ? c.red(String(k.changes.destroy)) : 0,
        k.status === 'skipped' ? '' : seconds(k.durationMs),
      ]);
    }
  }
  return `${table.toString()}\n`;
}

/** Options of {@link renderRun}. */
export interface RunRenderOptions {
  /** Default {@link plain}. */
  readonly colors?: Colors;
  /** Environments in promotion order: a successful main run then ends with the promotion command. */
  readonly environments?: readonly string[];
  /** Clock of the promotion hint's tag name; default now. */
  readonly now?: Date;
}

/** Text of `run`: one line with ref, commit and status, the gate, the table, and the next step. */
export function renderRun(result: RunResult, opts: RunRenderOptions = {}): string {
  const c = opts.colors ?? plain;
  const took = result.stages.length > 0 ? c.dim(` in ${seconds(result.durationMs)}`) : '';
  const lines = [
    `${c.bold(result.ref)} at ${result.commit.slice(0, 12) || 'unknown commit'} (${result.trigger}): ` +
      `${runStatus(result.status, c)}${took}`,
  ];
  if (result.gate?.overridden) lines.push(gateLine(result.gate, c)); // a pass is progress; a refusal is the message
  const byChecks = result.stages.some((s) => s.status === 'refused');
  if (result.message && result.status !== 'succeeded')
    lines.push(
      result.status === 'nothing-to-do'
        ? result.message
        : c.red(
            result.status === 'refused' && !byChecks ? `promotion gate refused: ${result.message}` : result.message,
          ),
    );
  let text = `${lines.join('\n')}\n`;
  if (result.stages.length > 0) text += renderStages(result.stages, c);
  const hint = opts.environments ? promotionHint(result, opts.environments, opts.now) : undefined;
  if (hint) text += `Next: promote ${result.commit.slice(0, 12)} to ${hint.environment}:\n  ${c.cyan(hint.command)}\n`;
  return text;
}

/** Text of `status`: per environment the last pipeline apply's commit, ref, time and origin. */
export function renderStatus(statuses: readonly EnvironmentStatus[], c: Colors = plain): string {
  // "by" (CI actor or run) only when some apply ran in CI: locally it would be an empty column.
  const by = statuses.some((s) => s.record?.actor ?? s.record?.runUrl);
  // The last drift check only when one was ever run.
  const drift = statuses.some((s) => s.lastDriftCheck);
  const head = ['environment', 'commit', 'ref', 'trigger', 'applied at', ...(by ? ['by'] : [])];
  const table = new Table({ head: [...head, ...(drift ? ['last drift check'] : [])], style: { head: [], border: [] } });
  for (const s of statuses) {
    const r = s.record;
    const none = s.partial
      ? c.yellow(`no record: ${s.partial}`)
      : c.dim(s.exists ? 'no pipeline apply recorded' : 'workspace not created');
    const row = [s.environment, r ? r.commit.slice(0, 12) : none, r?.ref ?? '', statusTrigger(s, c), r?.time ?? ''];
    const d = s.lastDriftCheck;
    const labels = { drift: c.yellow('DRIFT'), failed: c.red('failed'), 'no-drift': c.green('no drift') };
    const result = d ? labels[d.result] : '';
    // An environment made of stacks: which of them drifted or failed.
    const odd = d?.stacks?.filter((k) => k.result !== 'no-drift').map((k) => `${k.stack}: ${k.result}`) ?? [];
    const check = d ? `${d.time} ${result}${odd.length > 0 ? ` (${odd.join(', ')})` : ''}` : '';
    table.push([...(by ? [...row, r?.actor ?? r?.runUrl ?? ''] : row), ...(drift ? [check] : [])]);
  }
  return `${[table.toString(), ...statusNotes(statuses, c)].join('\n')}\n`;
}

/** Options of {@link progressRenderer}. */
export interface ProgressOptions {
  /** Default {@link plain}. */
  readonly colors?: Colors;
  /** Only warnings: the command prints the result itself. */
  readonly quiet?: boolean;
  /** Folds each step's raw terraform output in a CI log (pass it with `--verbose` in CI only). */
  readonly folder?: LogFolder;
  /** Planned changes listed per environment before "… and N more"; default 30. */
  readonly maxChanges?: number;
}

/**
 * Turns pipeline events into progress lines: a header per stage, each step with its time, the
 * plan's changes once known, and each stage's outcome. Stateful: planned changes are collected while
 * terraform plans and listed under the summary, so they never end up hidden inside a fold.
 */
export function progressRenderer(opts: ProgressOptions = {}): (event: PipelineEvent) => string[] {
  const c = opts.colors ?? plain;
  const max = opts.maxChanges ?? 30;
  const fold = opts.folder;
  // Per stack (the stacks of an environment may plan at once): changes collected while terraform plans,
  // and the summary, emitted inside or after the plan step: either way printed under the step's ✓ line.
  const states = new Map<
    string,
    { planned: { address: string; action: string }[]; planning: boolean; summary: string[] }
  >();
  const stateOf = (e: { environment: string; stack?: string }) => {
    const key = `${e.environment}/${e.stack ?? ''}`;
    let state = states.get(key);
    if (!state) {
      state = { planned: [], planning: false, summary: [] };
      states.set(key, state);
    }
    return state;
  };
  const onTerraform = (event: TerraformEvent, planned: { address: string; action: string }[]): string[] => {
    if (event.type === 'planned-change' && !isDeploymentRecordAddress(event.address) && event.action !== 'noop')
      planned.push(event);
    if (event.type !== 'apply-progress' || isDeploymentRecordAddress(event.address)) return [];
    if (event.phase === 'progress')
      return [c.dim(`    … ${event.address}: ${event.action} still running (${event.elapsedSeconds ?? '?'}s)`)];
    return event.phase === 'errored' ? [c.red(`    ✗ ${event.address}: ${event.action} failed`)] : [];
  };
  const listPlanned = (planned: { address: string; action: string }[]): string[] => {
    const shown = planned.slice(0, max).map((p) => `      ${symbol(p.action, c)} ${p.address}`);
    return planned.length > max ? [...shown, c.dim(`      … and ${planned.length - max} more`)] : shown;
  };
  return (event) => {
    if (event.type === 'warning') return [c.yellow(c.bold(`WARNING: ${event.message}`))];
    if (opts.quiet) return [];
    switch (event.type) {
      case 'synth':
        return [c.dim(`synthesized in ${seconds(event.durationMs)}`)];
      case 'gate':
        return event.result.passed ? [gateLine(event.result, c)] : []; // the result explains a refusal
      case 'stage-start': {
        stateOf(event).planned = [];
        const steps = event.actions.join(' → ');
        return [c.bold(`▶ ${event.environment}: ${actionLabel(event.actions)}`) + c.dim(`  (${steps})`)];
      }
      case 'stack-start': {
        stateOf(event).planned = [];
        const after = event.dependsOn.length > 0 ? c.dim(` (after ${event.dependsOn.join(', ')})`) : '';
        return [`  ▸ stack ${c.bold(event.stack)}${after}`];
      }
      case 'stack-end': {
        const r = event.result;
        const name = `${event.environment}/${r.stack}`;
        if (r.status === 'failed') return [c.red(`  ✗ ${name} failed: ${r.error?.message ?? 'see above'}`)];
        if (r.status === 'refused') return [c.red(`  ⛔ ${name} refused before apply: ${r.refusal ?? ''}`)];
        const blocked = r.status === 'blocked-by-dependencies' && r.error ? `; plan failed: ${r.error.message}` : '';
        const unapplied = r.unappliedDependencies?.length
          ? c.yellow(` (${r.unappliedDependencies.join(', ')} not applied yet: not a final plan${blocked})`)
          : '';
        const time = r.status === 'skipped' ? '' : ` ${c.dim(`in ${seconds(r.durationMs)}`)}`;
        return [`  ${c.dim('→')} ${name}: ${stackStatus(r.status, c)}${time}${unapplied}`];
      }
      case 'step-start':
        stateOf(event).planning = event.action === 'plan';
        return fold ? [fold.start(`${stackLabel(event)}: terraform ${event.action}`)] : [];
      case 'step-end': {
        const state = stateOf(event);
        const end = fold?.end();
        const tag = event.stack !== undefined ? c.dim(`[${event.stack}] `) : '';
        const lines = [
          ...(end ? [end] : []),
          `  ${event.ok ? c.green('✓') : c.red('✗')} ${tag}${event.action.padEnd(17)}` +
            c.dim(seconds(event.durationMs)),
          ...state.summary,
        ];
        state.planning = false;
        state.summary = [];
        return lines;
      }
      case 'terraform':
        return onTerraform(event.event, stateOf(event).planned);
      case 'check': {
        const tag = event.stack !== undefined ? c.dim(`[${event.stack}] `) : '';
        return [`    ${event.ok ? c.green('✓') : c.red('✗')} ${tag}${event.message}`];
      }
      case 'plan-summary': {
        const state = stateOf(event);
        const tag = event.stack !== undefined ? c.dim(`[${event.stack}] `) : '';
        const lines = [`    ${tag}${planSummary(event.changes, event.hasChanges, c)}`, ...listPlanned(state.planned)];
        state.planned = [];
        if (!state.planning) return lines;
        state.summary = lines;
        return [];
      }
      case 'stage-end': {
        const s = event.stage;
        const end =
          s.status === 'failed'
            ? c.red(`  ✗ ${s.environment} failed: ${s.error?.message ?? 'see above'}`)
            : `  ${c.dim('→')} ${s.environment}: ${stageStatus(s.status, c)} ${c.dim(`in ${seconds(s.durationMs)}`)}`;
        const refused = c.red(c.bold(`  ⛔ ${s.environment} REFUSED before apply (nothing applied):`));
        if (s.status === 'refused') return [refused, ...refusalLines(s, c), ''];
        return [end, ''];
      }
    }
    return [];
  };
}

/** A raw terraform line for `--verbose`: for its `-json` UI lines, terraform's own human message. */
export function verboseLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const m = JSON.parse(line) as { '@message'?: unknown; diagnostic?: { detail?: unknown } };
    if (typeof m['@message'] !== 'string') return line;
    const detail =
      typeof m.diagnostic?.detail === 'string' && m.diagnostic.detail !== '' ? `: ${m.diagnostic.detail}` : '';
    return m['@message'] + detail;
  } catch {
    return line;
  }
}

function planSummary(
  changes: { add: number; change: number; destroy: number },
  hasChanges: boolean,
  c: Colors,
): string {
  if (!hasChanges) return 'plan: no changes';
  if (changes.add + changes.change + changes.destroy === 0)
    return `plan: no resource changes ${c.dim('(outputs or the deployment record only)')}`;
  const destroy = `${changes.destroy} to destroy`;
  const destroyed = changes.destroy > 0 ? c.red(c.bold(destroy)) : destroy;
  return `plan: ${changes.add} to add, ${changes.change} to change, ${destroyed}`;
}

function symbol(action: string, c: Colors): string {
  const symbols: Record<string, string> = {
    create: c.green('+'),
    update: c.yellow('~'),
    delete: c.red('-'),
    replace: c.red('-/+'),
    read: c.cyan('<='),
    move: c.yellow('→'),
    import: c.cyan('←'),
    remove: c.yellow('∅'),
  };
  return symbols[action] ?? action;
}

function gateLine(gate: GateResult, c: Colors): string {
  if (gate.passed) return `promotion gate passed: ${gate.message}`;
  return gate.overridden
    ? c.red(c.bold(`promotion gate FAILED, OVERRIDDEN: ${gate.message}`))
    : c.red(`promotion gate refused: ${gate.message}`);
}

/** A refused stage's reasons, indented (policy output included, already bounded). */
function refusalLines(stage: StageResult, c: Colors): string[] {
  // An environment made of stacks: every refused stack's reasons (the stage's own names the first only).
  const refused = stage.stacks?.filter((k) => k.status === 'refused') ?? [];
  const text =
    refused.length > 1
      ? refused.map((k) => `${k.stack}: ${k.refusal ?? 'refused before apply'}`).join('\n')
      : (stage.refusal ?? 'refused');
  return text.split('\n').map((line) => c.red(`    ${line}`));
}

/** `<env>` or `<env>/<stack>`: where an event happened. */
function stackLabel(event: { environment: string; stack?: string }): string {
  return event.stack !== undefined ? `${event.environment}/${event.stack}` : event.environment;
}

function stackStatus(status: StackStatus, c: Colors): string {
  if (status === 'planned-with-unapplied-dependencies' || status === 'blocked-by-dependencies') return c.yellow(status);
  return stageStatus(status, c);
}

function actionLabel(actions: readonly string[]): string {
  return actions.includes('apply') ? 'plan + apply' : 'plan';
}

function stageStatus(status: StageResult['status'], c: Colors): string {
  return status === 'failed' || status === 'refused'
    ? c.red(status)
    : status === 'applied'
      ? c.green(status)
      : status === 'skipped'
        ? c.dim(status)
        : status;
}

function runStatus(status: RunResult['status'], c: Colors): string {
  return status === 'succeeded' ? c.green(status) : status === 'nothing-to-do' ? status : c.red(c.bold(status));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
