import { Command, CommanderError } from 'commander';
import { detectCi, logFolder } from '../ci/index.js';
import { ExitCode } from '../errors.js';
import { explainToJson, runToJson, stageToJson } from '../report/json.js';
import { runToMarkdown } from '../report/markdown.js';
import { previewToMarkdown } from '../report/preview-markdown.js';
import { addCiCommand } from './ci-command.js';
import { addControlCommands } from './control-commands.js';
import { addInitCommand } from './init-command.js';
import { addDriftCommand, addPlanAllOptions, concurrencyOption, runPlanAll } from './preview-commands.js';
import type { CommandDeps, PlanAllOptions } from './preview-commands.js';
import { appendSummary, defaultSummaryFile } from '../report/summary-file.js';
// Start-up loads what every command needs; the pipeline (terraform runner, git, tsx) loads when a command opens it.
import type { Pipeline } from '../pipeline.js';
import { DEFAULT_LOCK_TIMEOUT } from '../options.js';
import type { PipelineEvent } from '../model.js';
import { productOf, resolveBinary } from '../terraform/binary.js';
import {
  colorsFor,
  progressRenderer,
  renderExplain,
  renderRun,
  renderStages,
  type ProgressWords,
  type Unit,
} from './render.js';
import { errorLine, exitCodeFor, RUN_EXIT_CODES } from './exit-code.js';
import { trapSignals } from './signals.js';
import { docPath } from './doc-pages.js';

/** Where the CLI writes; injectable for tests. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Whether stdout is a terminal (colors, with NO_COLOR/FORCE_COLOR); default false. */
  readonly stdoutIsTTY?: boolean;
  /** Whether stderr is a terminal (colors of progress lines); default false. */
  readonly stderrIsTTY?: boolean;
}

interface GlobalOptions {
  project?: string;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  lockTimeout?: string;
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  let exitCode: number = ExitCode.success;
  // One trap per invocation: an interrupt maps to 130/143 wherever it lands (a stage, the gate, init).
  const signals = trapSignals(io.stderr, productOf(resolveBinary(io.env)).command);
  // Raw output a unit's CI fold still holds when the command stops before the unit ended.
  const held: (() => void)[] = [];
  const flush = () => {
    for (const f of held.splice(0)) f();
  };
  const program = buildProgram(io, signals.signal, (code) => (exitCode = code), held);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    flush();
    return signals.exitCode() ?? exitCode;
  } catch (error) {
    flush();
    const code = signals.exitCode() ?? handleError(error, io);
    // --json promises one document on stdout, errors included.
    if (code !== ExitCode.success && argv.includes('--json') && !(error instanceof CommanderError)) {
      io.stdout(
        `${JSON.stringify(
          { status: 'error', exitCode: code, message: error instanceof Error ? error.message : String(error) },
          null,
          2,
        )}\n`,
      );
    }
    return code;
  } finally {
    signals.dispose();
  }
}

function buildProgram(io: Io, signal: AbortSignal, setExit: (code: number) => void, held: (() => void)[]): Command {
  const program = new Command('cdktf-gitops')
    .description(`GitOps pipeline for CDK for Terraform: the Git ref decides what runs (see ${docPath('design.md')}).`)
    .option('--project <dir>', 'the CDKTF project directory', io.cwd)
    .option('--json', 'print one JSON document on stdout; logs go to stderr')
    .option('-q, --quiet', 'print only the result')
    .option('-v, --verbose', "show terraform's raw output")
    .option(
      '--lock-timeout <duration>',
      `how long terraform waits for a state lock (default: "${DEFAULT_LOCK_TIMEOUT}")`,
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  cdktf-gitops explain           # what the current ref would run',
        '  cdktf-gitops run               # in CI: the ref comes from GITHUB_REF / CI_COMMIT_*',
        '  cdktf-gitops status            # what each environment last applied',
        '',
        'Colors only on a terminal; NO_COLOR=1 turns them off, FORCE_COLOR=1 on.',
        `Every command, flag and exit code: ${docPath('cli.md')} (the other pages are beside it).`,
        '',
      ].join('\n'),
    );

  const open = (cmd: Command, progress: ProgressChoice = {}) =>
    openPipeline(cmd.optsWithGlobals<GlobalOptions>(), io, progress, held);
  const colors = colorsFor(io.env, io.stdoutIsTTY === true);

  program
    .command('explain')
    .description('show the trigger and the ordered stages for a ref; runs nothing')
    .option('--ref <ref>', 'the Git ref (default: CI variables, then HEAD)')
    .option('--all-environments', 'as run --all-environments: a feature branch previews every environment')
    .addHelpText(
      'after',
      '\nExamples:\n  cdktf-gitops explain --ref refs/heads/main\n' +
        '  cdktf-gitops explain --ref refs/tags/apps-deploy-2026-11-28 --json\n',
    )
    .action(async (opts: { ref?: string; allEnvironments?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const all = opts.allEnvironments ? { allEnvironments: true } : {};
      const options = { ...(opts.ref !== undefined ? { ref: opts.ref } : {}), ...all };
      const result = await (await open(cmd)).explain(options);
      io.stdout(g.json ? `${JSON.stringify(explainToJson(result), null, 2)}\n` : renderExplain(result, colors));
    });

  program
    .command('run')
    .description('run the pipeline for a ref: plan, apply and promote as the ref table says')
    .option('--ref <ref>', 'the Git ref (default: CI variables, then HEAD)')
    .option(
      '--summary-file <file>',
      'append a Markdown summary to <file> (on GitHub Actions: $GITHUB_STEP_SUMMARY by default)',
    )
    .option('--override-gate', 'EMERGENCY: deploy even though the promotion gate refuses (logged loudly)')
    .option('--all-environments', 'on a feature branch: plan every environment (a preview), nothing is applied')
    .option('--concurrency <n>', 'most environments a preview plans at once (default: the number of cores)')
    .option('--allow-destroy', ALLOW_DESTROY_HELP)
    .option('--require-reviewed-plan', REQUIRE_REVIEWED_HELP)
    .option('--accept-lost-state', ACCEPT_LOST_STATE_HELP)
    .option('--ignore-freeze', IGNORE_FREEZE_HELP)
    .option('--full', FULL_HELP)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  cdktf-gitops run                      # in CI: the ref comes from GITHUB_REF / CI_COMMIT_*',
        '  cdktf-gitops run --ref refs/heads/main --summary-file "$GITHUB_STEP_SUMMARY"',
        '',
        'Exit codes: 0 success or nothing to do, 1 failure, 2 usage, 3 refused (gate, or a check below), ' +
          '130/143 interrupted.',
        '',
      ].join('\n'),
    )
    .addHelpText('after', REFUSED_HELP)
    .action(async (opts: RunCommandOptions & CheckFlags & { full?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const concurrency = concurrencyOption(opts.concurrency, cmd);
      const pipeline = await open(cmd);
      const all = opts.allEnvironments ? { allEnvironments: true } : {};
      const preview = { ...all, ...(concurrency !== undefined ? { concurrency } : {}) };
      const ref = opts.ref !== undefined ? { ref: opts.ref } : {};
      const checks = checkOptions(opts);
      const result = await pipeline.run({
        ...ref,
        overrideGate: opts.overrideGate === true,
        ...preview,
        ...checks,
        full: opts.full === true,
        signal,
      });
      const summaryFile = opts.summaryFile ?? defaultSummaryFile(io.env);
      const environments = pipeline.environments;
      const markdown = result.preview ? previewToMarkdown(result) : runToMarkdown(result, { environments });
      if (summaryFile) appendSummary(summaryFile, markdown, (m) => io.stderr(`warning: ${m}\n`));
      io.stdout(
        g.json
          ? `${JSON.stringify(runToJson(result), null, 2)}\n`
          : renderRun(result, { colors, environments: pipeline.environments }),
      );
      setExit(RUN_EXIT_CODES[result.status]);
    });

  const deps: CommandDeps = { stdout: io.stdout, stderr: io.stderr, env: io.env, signal, colors, setExit, open };
  for (const apply of [false, true]) {
    const command = program
      .command(apply ? 'apply' : 'plan')
      .description(apply ? 'plan and apply one environment (local use; recorded as a manual apply)' : PLAN_DESCRIPTION);
    // plan: --env or --all (exactly one); apply: --env only.
    if (apply) command.requiredOption('--env <environment>', 'the environment');
    else addPlanAllOptions(command);
    const example = apply ? 'apply --env ops' : 'plan --env ops\n  cdktf-gitops plan --all --summary-file preview.md';
    command
      .addHelpText('after', `\nExample:\n  cdktf-gitops ${example}\n`)
      .option('--full', FULL_HELP)
      .action(async (opts: PlanAllOptions & CheckFlags, cmd: Command) => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        if (!apply && (await runPlanAll(opts, cmd, g.json === true, deps))) return;
        if (opts.env === undefined) return;
        const pipeline = await open(cmd);
        const full = opts.full === true;
        const stage = await (apply
          ? pipeline.apply(opts.env, { signal, full, ...checkOptions(opts) })
          : pipeline.plan(opts.env, { signal, full }));
        const refused = stage.refusal ? `refused before apply (nothing applied):\n${stage.refusal}\n` : '';
        const why = stage.error ? `${stage.error.message}\n` : refused;
        io.stdout(g.json ? `${JSON.stringify(stageToJson(stage), null, 2)}\n` : renderStages([stage], colors) + why);
        setExit(stage.status === 'failed' ? ExitCode.failure : stage.status === 'refused' ? ExitCode.refused : 0);
      });
    if (apply) {
      command
        .option('--allow-destroy', ALLOW_DESTROY_HELP)
        .option('--require-reviewed-plan', REQUIRE_REVIEWED_HELP)
        .option('--accept-lost-state', ACCEPT_LOST_STATE_HELP)
        .option('--ignore-freeze', IGNORE_FREEZE_HELP);
      command.addHelpText('after', REFUSED_HELP);
    }
  }

  addDriftCommand(program, deps);
  addControlCommands(program, { ...deps, cwd: io.cwd });
  addCiCommand(program, { stdout: io.stdout, stderr: io.stderr, setExit });
  addInitCommand(program, { stdout: io.stdout, cwd: io.cwd });

  program
    .command('synth')
    .description("synthesize every environment's stacks into cdktf.out")
    .addHelpText('after', '\nExample:\n  cdktf-gitops synth --project examples/terraform-data\n')
    .action(async (_opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const result = (await open(cmd)).synth();
      // `stacks`: each environment's (first) stack directory, as before; `environments`: every stack.
      const environments = Object.fromEntries(
        Object.entries(result.stacks).map(([env, list]) => [
          env,
          list.map((k) => ({ stack: k.name, dir: k.dir, dependsOn: k.dependsOn })),
        ]),
      );
      const lines = Object.entries(result.stacks).flatMap(([env, list]) =>
        list.map((k) => `${k.named ? `${env}/${k.name}` : env}: ${k.dir}`),
      );
      io.stdout(
        g.json ? `${JSON.stringify({ stacks: result.stackDirs, environments }, null, 2)}\n` : `${lines.join('\n')}\n`,
      );
    });
  return program;
}

/** What a command chooses of its progress lines. */
interface ProgressChoice {
  readonly words?: ProgressWords;
}

async function openPipeline(g: GlobalOptions, io: Io, choice: ProgressChoice, held: (() => void)[]): Promise<Pipeline> {
  const ci = detectCi(io.env);
  const verbose = g.verbose ?? (ci.provider !== 'local' && !g.quiet);
  const log = (line: string) => io.stderr(`${line}\n`);
  // Folds only in CI, and only around raw output (--verbose); locally the stage headers suffice.
  const progress = progressRenderer({
    colors: colorsFor(io.env, io.stderrIsTTY === true),
    quiet: g.quiet === true,
    ...(verbose && ci.provider !== 'local' ? { folder: logFolder(ci) } : {}),
    ...(choice.words ? { words: choice.words } : {}),
  });
  held.push(() => progress.flush().forEach(log));
  const onEvent = (event: PipelineEvent) => progress(event).forEach(log);
  // `unit`: the environment (and stack) whose terraform wrote the line, for lines of a stage's commands.
  const onOutput = (line: string, _stream: string, _command: string, unit?: Unit) =>
    progress.output(line, unit).forEach(log);
  const { Pipeline } = await import('../pipeline.js');
  return Pipeline.open({
    projectDir: g.project ?? io.cwd,
    env: io.env,
    ...(g.lockTimeout !== undefined ? { lockTimeout: g.lockTimeout } : {}),
    onEvent,
    ...(verbose ? { onOutput } : {}),
  });
}

/** Flags of the checks between plan and apply (`run`, `apply --env`). */
interface CheckFlags {
  allowDestroy?: boolean;
  requireReviewedPlan?: boolean;
  acceptLostState?: boolean;
  ignoreFreeze?: boolean;
}

function checkOptions(opts: CheckFlags): Required<CheckFlags> {
  return {
    allowDestroy: opts.allowDestroy === true,
    requireReviewedPlan: opts.requireReviewedPlan === true,
    acceptLostState: opts.acceptLostState === true,
    ignoreFreeze: opts.ignoreFreeze === true,
  };
}

const ALLOW_DESTROY_HELP =
  'approve deletes and replacements in protected environments for this run (logged loudly; or add the ' +
  'trailer "Allow-Destroy: <env>" to a commit this apply brings; a rollback needs this flag)';
const FULL_HELP =
  'plan every stack, also those whose configuration and state are unchanged since their last apply ' +
  `(${docPath('change-detection.md')})`;
const IGNORE_FREEZE_HELP = 'EMERGENCY: apply to a frozen environment (logged loudly, kept in its history)';
const ACCEPT_LOST_STATE_HELP =
  "apply although a stack's state is not the one the pipeline last applied (missing, emptied, replaced); " +
  'logged loudly';
const REQUIRE_REVIEWED_HELP =
  'refuse to apply a plan that differs from the one reviewed ' + '(as the project setting requireReviewedPlan)';
const REFUSED_HELP = [
  'A frozen environment refuses every apply (exit 3; cdktf-gitops unfreeze, or --ignore-freeze).',
  `Before an apply, four checks may refuse it (exit 3, nothing applied; see ${docPath('review.md')}):`,
  '  lost state      a state is missing, emptied or replaced since the pipeline applied it (--accept-lost-state)',
  '  destroy guard   a protected environment (default: all but the first) deletes or replaces resources',
  '  reviewed plan   the plan differs from the one recorded when it was shown (with --require-reviewed-plan)',
  '  policies        a policy command of the project exits non-zero on the plan JSON',
  '',
].join('\n');

function handleError(error: unknown, io: Io): number {
  // Commander printed its own usage error or help already.
  if (!(error instanceof CommanderError)) io.stderr(`${errorLine(error)}\n`);
  return exitCodeFor(error);
}

const PLAN_DESCRIPTION = 'plan one environment, or every one with --all (local use)';

/** Options of `run`. */
interface RunCommandOptions {
  ref?: string;
  summaryFile?: string;
  overrideGate?: boolean;
  allEnvironments?: boolean;
  concurrency?: string;
}

function defaultIo(): Io {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
}
