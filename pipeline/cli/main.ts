import { Command, CommanderError } from 'commander';
import { detectCi, logFolder } from '../ci/index.js';
import { ConfigError, ExitCode } from '../errors.js';
import { GitError } from '../git/errors.js';
import { RefError } from '../refs/errors.js';
import { explainToJson, runToJson, stageToJson, statusToJson } from '../report/json.js';
import { runToMarkdown } from '../report/markdown.js';
import { appendSummary, defaultSummaryFile } from '../report/summary-file.js';
// Start-up loads what every command needs; the pipeline (terraform runner, git, tsx) loads when a command opens it.
import type { Pipeline } from '../run/pipeline.js';
import type { PipelineEvent } from '../run/types.js';
import { TerraformError, TerraformNotFoundError, TerraformVersionError } from '../terraform/errors.js';
import { colorsFor, progressRenderer, renderExplain, renderRun, renderStages, renderStatus, verboseLine } from './render.js';
import { trapSignals } from './signals.js';

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
  const signals = trapSignals(io.stderr);
  const program = buildProgram(io, signals.signal, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return signals.exitCode() ?? exitCode;
  } catch (error) {
    const code = signals.exitCode() ?? handleError(error, io);
    // --json promises one document on stdout, errors included.
    if (code !== ExitCode.success && argv.includes('--json') && !(error instanceof CommanderError)) {
      io.stdout(JSON.stringify({ status: 'error', exitCode: code, message: error instanceof Error ? error.message : String(error) }, null, 2) + '\n');
    }
    return code;
  } finally {
    signals.dispose();
  }
}

function buildProgram(io: Io, signal: AbortSignal, setExit: (code: number) => void): Command {
  const program = new Command('cdktf-gitops')
    .description('GitOps pipeline for CDK for Terraform: the Git ref decides what runs (see docs/design.md).')
    .option('--project <dir>', 'the CDKTF project directory', io.cwd)
    .option('--json', 'print one JSON document on stdout; logs go to stderr')
    .option('-q, --quiet', 'print only the result')
    .option('-v, --verbose', "show terraform's raw output")
    .option('--lock-timeout <duration>', 'how long terraform waits for a state lock', '2m')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', '\nExamples:\n  cdktf-gitops explain           # what the current ref would run\n  cdktf-gitops run               # in CI: the ref comes from GITHUB_REF / CI_COMMIT_*\n  cdktf-gitops status            # what each environment last applied\n\nColors only on a terminal; NO_COLOR=1 turns them off, FORCE_COLOR=1 on.\n');

  const open = (cmd: Command) => openPipeline(cmd.optsWithGlobals<GlobalOptions>(), io);
  const colors = colorsFor(io.env, io.stdoutIsTTY === true);

  program
    .command('explain')
    .description('show the trigger and the ordered stages for a ref; runs nothing')
    .option('--ref <ref>', 'the Git ref (default: CI variables, then HEAD)')
    .addHelpText('after', '\nExamples:\n  cdktf-gitops explain --ref refs/heads/main\n  cdktf-gitops explain --ref refs/tags/apps-deploy-2026-11-28 --json\n')
    .action(async (opts: { ref?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const result = await (await open(cmd)).explain(opts.ref !== undefined ? { ref: opts.ref } : {});
      io.stdout(g.json ? JSON.stringify(explainToJson(result), null, 2) + '\n' : renderExplain(result, colors));
    });

  program
    .command('run')
    .description('run the pipeline for a ref: plan, apply and promote as the ref table says')
    .option('--ref <ref>', 'the Git ref (default: CI variables, then HEAD)')
    .option('--summary-file <file>', 'append a Markdown summary to <file> (on GitHub Actions: $GITHUB_STEP_SUMMARY by default)')
    .option('--override-gate', 'EMERGENCY: deploy even though the promotion gate refuses (logged loudly)')
    .addHelpText('after', '\nExamples:\n  cdktf-gitops run                      # in CI: the ref comes from GITHUB_REF / CI_COMMIT_*\n  cdktf-gitops run --ref refs/heads/main --summary-file "$GITHUB_STEP_SUMMARY"\n\nExit codes: 0 success or nothing to do, 1 failure, 2 usage, 3 refused by the gate, 130/143 interrupted.\n')
    .action(async (opts: { ref?: string; summaryFile?: string; overrideGate?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const pipeline = await open(cmd);
      const result = await pipeline.run({ ...(opts.ref !== undefined ? { ref: opts.ref } : {}), overrideGate: opts.overrideGate === true, signal });
      const summaryFile = opts.summaryFile ?? defaultSummaryFile(io.env);
      if (summaryFile) appendSummary(summaryFile, runToMarkdown(result, { environments: pipeline.environments }), (m) => io.stderr(`warning: ${m}\n`));
      io.stdout(g.json ? JSON.stringify(runToJson(result), null, 2) + '\n' : renderRun(result, { colors, environments: pipeline.environments }));
      setExit({ succeeded: 0, 'nothing-to-do': 0, failed: 1, refused: 3 }[result.status]);
    });

  for (const apply of [false, true]) {
    program
      .command(apply ? 'apply' : 'plan')
      .description(apply ? 'plan and apply one environment (local use; recorded as a manual apply)' : 'plan one environment (local use)')
      .requiredOption('--env <environment>', 'the environment')
      .addHelpText('after', `\nExample:\n  cdktf-gitops ${apply ? 'apply' : 'plan'} --env ops\n`)
      .action(async (opts: { env: string }, cmd: Command) => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const stage = await (await open(cmd)).runEnvironment(opts.env, apply, { signal });
        io.stdout(g.json ? JSON.stringify(stageToJson(stage), null, 2) + '\n' : renderStages([stage], colors) + (stage.error ? `${stage.error.message}\n` : ''));
        setExit(stage.status === 'failed' ? 1 : 0);
      });
  }

  program
    .command('status')
    .description('per environment: the commit, ref and time of its last pipeline apply')
    .addHelpText('after', '\nExample:\n  cdktf-gitops status --json\n')
    .action(async (_opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const statuses = await (await open(cmd)).status();
      io.stdout(g.json ? JSON.stringify(statusToJson(statuses), null, 2) + '\n' : renderStatus(statuses, colors));
    });

  program
    .command('synth')
    .description('synthesize every environment stack into cdktf.out')
    .addHelpText('after', '\nExample:\n  cdktf-gitops synth --project examples/terraform-data\n')
    .action(async (_opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const result = (await open(cmd)).synth();
      io.stdout(g.json ? JSON.stringify({ stacks: result.stackDirs }, null, 2) + '\n' : Object.entries(result.stackDirs).map(([env, dir]) => `${env}: ${dir}`).join('\n') + '\n');
    });
  return program;
}

async function openPipeline(g: GlobalOptions, io: Io): Promise<Pipeline> {
  const ci = detectCi(io.env);
  const verbose = g.verbose ?? (ci.provider !== 'local' && !g.quiet);
  const log = (line: string) => io.stderr(line + '\n');
  // Folds only in CI, and only around raw output (--verbose); locally the stage headers suffice.
  const progress = progressRenderer({ colors: colorsFor(io.env, io.stderrIsTTY === true), quiet: g.quiet === true, ...(verbose && ci.provider !== 'local' ? { folder: logFolder(ci) } : {}) });
  const onEvent = (event: PipelineEvent) => progress(event).forEach(log);
  const { Pipeline } = await import('../run/pipeline.js');
  return Pipeline.open({
    projectDir: g.project ?? io.cwd,
    env: io.env,
    lockTimeout: g.lockTimeout ?? '2m',
    onEvent,
    ...(verbose ? { onOutput: (line: string) => log(`    ${verboseLine(line)}`) } : {}),
  });
}

function handleError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version' ? 0 : ExitCode.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ConfigError || error instanceof RefError || error instanceof TerraformNotFoundError || error instanceof TerraformVersionError) {
    io.stderr(`error: ${message}\n`);
    return ExitCode.usage;
  }
  if (error instanceof GitError) {
    io.stderr(`error: ${message}\n`);
    return error.kind === 'not-a-repository' ? ExitCode.usage : ExitCode.failure;
  }
  if (error instanceof TerraformError) {
    io.stderr(`terraform failed: ${message}\n`);
    return ExitCode.failure;
  }
  io.stderr(`error: ${error instanceof Error ? (error.stack ?? message) : message}\n`);
  return ExitCode.failure;
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


