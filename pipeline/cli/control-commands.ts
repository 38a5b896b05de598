import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { statusToJson } from '../report/json.js';
import type { HistoryEntry } from '../records/history.js';
import { describeFreeze } from '../records/freeze.js';
import { renderStatusPage } from '../report/status-page/page.js';
import { Table } from './colors.js';
import type { CommandDeps } from './preview-commands.js';
import { docPath } from './doc-pages.js';
import { renderStatus } from './render.js';

/** Adds `status`, `history`, `freeze`, `unfreeze` and `verify`: what runs where, and the controls of promotion. */
export function addControlCommands(program: Command, deps: CommandDeps & { readonly cwd: string }): void {
  const json = (cmd: Command) => cmd.optsWithGlobals<{ json?: boolean }>().json === true;

  program
    .command('status')
    .description('per environment: what it runs, its freeze, verification, soak, and the commits waiting for it')
    .option('--html <file>', `also write the status page: one self-contained HTML file (${docPath('status-page.md')})`)
    .addHelpText('after', '\nExamples:\n  cdktf-gitops status --json\n  cdktf-gitops status --html status.html\n')
    .action(async (opts: { html?: string }, cmd: Command) => {
      const pipeline = await deps.open(cmd);
      const statuses = await pipeline.status({ signal: deps.signal });
      const model = json(cmd) || opts.html ? await pipeline.statusModel(statuses, { signal: deps.signal }) : undefined;
      if (opts.html && model) {
        const file = path.resolve(deps.cwd, opts.html);
        writeFileSync(file, renderStatusPage(model));
        deps.stderr(`status page written to ${file}\n`);
      }
      deps.stdout(
        json(cmd) ? `${JSON.stringify(statusToJson(statuses, model), null, 2)}\n` : renderStatus(statuses, deps.colors),
      );
    });

  program
    .command('history')
    .description('the applies of each environment (and later verifications), newest first')
    .option('--env <environment>', 'one environment (default: every one)')
    .option('--limit <n>', 'most entries shown (default 50)')
    .addHelpText(
      'after',
      '\nExamples:\n  cdktf-gitops history --env apps\n  cdktf-gitops history --json --limit 200\n\n' +
        'Rollback: tag a commit the previous environment applied (it is in its history): the gate lets it\n' +
        'through; its destroys need --allow-destroy.\n',
    )
    .action(async (opts: { env?: string; limit?: string }, cmd: Command) => {
      const limit = opts.limit === undefined ? undefined : Number(opts.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
        cmd.error(`error: --limit must be a positive integer, got '${opts.limit}'`);
      }
      const entries = await (await deps.open(cmd)).history({
        ...(opts.env !== undefined ? { environment: opts.env } : {}),
        ...(limit !== undefined ? { limit } : {}),
        signal: deps.signal,
      });
      deps.stdout(json(cmd) ? `${JSON.stringify({ entries }, null, 2)}\n` : renderHistory(entries));
    });

  program
    .command('freeze <environment>')
    .description('refuse every apply to an environment (plans, previews and drift checks still run)')
    .requiredOption('--reason <text>', 'why (shown in every refusal, in status and in notifications)')
    .option('--until <time>', 'when it ends by itself: an ISO 8601 time with a zone, or a duration from now (2h)')
    .addHelpText(
      'after',
      '\nExample:\n  cdktf-gitops freeze apps-prod --reason "release freeze" --until 2026-12-24T00:00:00Z\n\n' +
        'In an emergency, `run` and `apply` take --ignore-freeze (logged loudly, kept in the history).\n' +
        `Freezes, verification, soak time and history: ${docPath('promotion.md')}\n`,
    )
    .action(async (environment: string, opts: { reason: string; until?: string }, cmd: Command) => {
      const freeze = await (await deps.open(cmd)).freeze(environment, {
        reason: opts.reason,
        ...(opts.until !== undefined ? { until: opts.until } : {}),
        signal: deps.signal,
      });
      deps.stdout(json(cmd) ? `${JSON.stringify({ freeze }, null, 2)}\n` : `${describeFreeze(freeze)}\n`);
    });

  program
    .command('unfreeze <environment>')
    .description("end an environment's freeze")
    .action(async (environment: string, _opts: unknown, cmd: Command) => {
      const ended = await (await deps.open(cmd)).unfreeze(environment, { signal: deps.signal });
      const text = ended ? `${environment} unfrozen (was: ${ended.reason})` : `${environment} was not frozen`;
      deps.stdout(json(cmd) ? `${JSON.stringify({ ended: ended ?? null }, null, 2)}\n` : `${text}\n`);
    });

  program
    .command('verify')
    .description("run an environment's verification hooks against what it runs, and record the result")
    .requiredOption('--env <environment>', 'the environment')
    .addHelpText(
      'after',
      `\nExit codes: 0 passed, 1 failed, 2 usage (no hooks, no record).\nHooks: ${docPath('promotion.md')}\n`,
    )
    .action(async (opts: { env: string }, cmd: Command) => {
      const result = await (await deps.open(cmd)).verify(opts.env, { signal: deps.signal });
      const v = result.verification;
      const lines = v.checks.map(
        (c) => `  ${c.status === 'passed' ? '✓' : '✗'} ${c.name}${c.output ? `\n${indent(c.output)}` : ''}`,
      );
      const head = `${opts.env} runs ${result.commit.slice(0, 12)}: verification ${v.status}`;
      deps.stdout(json(cmd) ? `${JSON.stringify(result, null, 2)}\n` : `${[head, ...lines].join('\n')}\n`);
      deps.setExit(v.status === 'passed' ? ExitCode.success : ExitCode.failure);
    });
}

/** Text of `history`: one row per entry, newest first. */
export function renderHistory(entries: readonly HistoryEntry[]): string {
  if (entries.length === 0) return 'no applies recorded\n';
  const table = new Table({
    head: ['time', 'environment', 'commit', 'ref', 'trigger', 'result', 'verification', 'by'],
    style: { head: [], border: [] },
  });
  for (const e of entries) {
    const notes = [...(e.gateOverridden ? ['GATE OVERRIDDEN'] : []), ...(e.approvals ?? [])];
    table.push([
      e.time,
      e.environment,
      e.commit.slice(0, 12),
      e.ref,
      e.trigger,
      `${e.result}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`,
      e.verification?.status ?? '',
      e.actor ?? e.runUrl ?? '',
    ]);
  }
  return `${table.toString()}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
}
