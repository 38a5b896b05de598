import type { Command } from 'commander';
import { driftToJson, driftToMarkdown } from '../drift/markdown.js';
import { ExitCode } from '../errors.js';
import { runToJson } from '../report/json.js';
import { previewToMarkdown } from '../report/preview-markdown.js';
import { appendSummary, defaultSummaryFile } from '../report/summary-file.js';
import type { Pipeline } from '../pipeline.js';
import type { Colors } from './colors.js';
import type { ProgressWords } from './progress.js';
import { renderRun } from './render.js';
import { DRIFT_WORDS, renderDrift } from './render-drift.js';

/** What the preview and drift commands need from the CLI around them. */
export interface CommandDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  readonly colors: Colors;
  readonly setExit: (code: number) => void;
  /** Opens the pipeline of `cmd`, its progress lines in `progress.words` (default: a run's). */
  readonly open: (cmd: Command, progress?: { readonly words?: ProgressWords }) => Promise<Pipeline>;
}

/** Options of `plan` besides `--env`. */
export interface PlanAllOptions {
  readonly env?: string;
  readonly all?: boolean;
  readonly concurrency?: string;
  readonly summaryFile?: string;
  readonly full?: boolean;
}

/** Adds `--all`, `--concurrency` and `--summary-file` to `plan` (with `--env` optional: one of the two). */
export function addPlanAllOptions(command: Command): Command {
  return command
    .option('--env <environment>', 'the environment')
    .option('--all', 'plan every environment concurrently (a preview); nothing is applied')
    .option('--concurrency <n>', 'with --all: most environments planned at once (default: the number of cores)')
    .option('--summary-file <file>', "with --all: append the reviewers' Markdown summary to <file>");
}

/**
 * Checks `plan`'s options (exactly one of `--env` and `--all`; the others need `--all`) and runs
 * the preview for `--all`. Resolves to true when it handled the command.
 */
export async function runPlanAll(
  opts: PlanAllOptions,
  cmd: Command,
  json: boolean,
  deps: CommandDeps,
): Promise<boolean> {
  if (opts.all !== undefined && opts.env !== undefined) {
    cmd.error('error: --env and --all exclude each other: plan one environment or every one');
  }
  if (opts.all === undefined && opts.env === undefined) {
    // Commander's own wording for a missing required option, plus the alternative.
    cmd.error("error: required option '--env <environment>' not specified (or --all for every environment)");
  }
  if (opts.all === undefined) {
    if ((opts.concurrency ?? opts.summaryFile) !== undefined)
      cmd.error('error: --concurrency and --summary-file need --all');
    return false;
  }
  const concurrency = concurrencyOption(opts.concurrency, cmd);
  const result = await (await deps.open(cmd)).preview({
    ...(concurrency !== undefined ? { concurrency } : {}),
    full: opts.full === true,
    signal: deps.signal,
  });
  if (opts.summaryFile) appendSummary(opts.summaryFile, previewToMarkdown(result), warn(deps));
  deps.stdout(json ? `${JSON.stringify(runToJson(result), null, 2)}\n` : renderRun(result, { colors: deps.colors }));
  deps.setExit(result.status === 'failed' ? ExitCode.failure : ExitCode.success);
  return true;
}

/** Adds `drift`: exit 0 no drift, 4 drift, 1 a check failed. */
export function addDriftCommand(program: Command, deps: CommandDeps): void {
  program
    .command('drift')
    .description(
      'plan every environment from its recorded commit, with refresh: report changes made outside the pipeline',
    )
    .option('--summary-file <file>', 'append a Markdown summary to <file> (on GitHub Actions: $GITHUB_STEP_SUMMARY)')
    .option('--concurrency <n>', 'most environments planned at once (default: the number of cores)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  cdktf-gitops drift',
        '  cdktf-gitops drift --json --summary-file drift.md',
        '',
        'Exit codes: 0 no drift, 4 drift found, 1 a check failed, 2 usage, 130/143 interrupted.',
        '',
      ].join('\n'),
    )
    .action(async (opts: { summaryFile?: string; concurrency?: string }, cmd: Command) => {
      const json = cmd.optsWithGlobals<{ json?: boolean }>().json === true;
      const concurrency = concurrencyOption(opts.concurrency, cmd);
      // Progress per environment (and stack) as `run` prints it, in the words of a drift check.
      const result = await (await deps.open(cmd, { words: DRIFT_WORDS })).drift({
        ...(concurrency !== undefined ? { concurrency } : {}),
        signal: deps.signal,
      });
      const summaryFile = opts.summaryFile ?? defaultSummaryFile(deps.env);
      if (summaryFile) appendSummary(summaryFile, driftToMarkdown(result), warn(deps));
      deps.stdout(json ? `${JSON.stringify(driftToJson(result), null, 2)}\n` : renderDrift(result, deps.colors));
      deps.setExit({ 'no-drift': ExitCode.success, drift: ExitCode.drift, failed: ExitCode.failure }[result.status]);
    });
}

/** `--concurrency`: a positive integer, or a usage error (exit 2). */
export function concurrencyOption(value: string | undefined, cmd: Command): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) cmd.error(`error: --concurrency must be a positive integer, got '${value}'`);
  return n;
}

function warn(deps: CommandDeps): (message: string) => void {
  return (m) => deps.stderr(`warning: ${m}\n`);
}
