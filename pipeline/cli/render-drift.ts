import type { DriftResult, EnvironmentDrift } from '../model.js';
import { plain, Table, type Colors } from './colors.js';
import { stackStatus } from './format.js';
import type { ProgressWords } from './progress.js';

/**
 * The progress words of `drift`: each environment's (and stack's) check reads as a drift check, a
 * plan with changes as DRIFT; its steps, plan summaries and changes render as `run`'s do.
 */
export const DRIFT_WORDS: ProgressWords = {
  action: () => 'drift check',
  status: (status, c) =>
    status === 'planned' ? c.yellow('DRIFT') : status === 'no-changes' ? c.green('no drift') : stackStatus(status, c),
};

/** Text of `drift`: the overall result, then per environment its recorded commit, distance to main and result. */
export function renderDrift(result: DriftResult, c: Colors = plain): string {
  const drifted = result.environments.filter((e) => e.drift).length;
  const head = {
    drift: c.yellow(c.bold(`DRIFT in ${drifted} environment(s)`)),
    'no-drift': c.green('no drift'),
    failed: c.red('FAILED'),
  }[result.status];
  const table = new Table({
    head: ['environment', 'recorded commit', 'behind main', 'result', 'add', 'change', 'destroy'],
    colAligns: ['left', 'left', 'right', 'left', 'right', 'right', 'right'],
    style: { head: [], border: [] },
  });
  for (const e of result.environments) {
    table.push([
      e.environment,
      e.commit?.slice(0, 12) ?? '',
      e.behindMain ?? '',
      label(e, c),
      e.changes.add,
      e.changes.change,
      e.changes.destroy,
    ]);
    // An environment made of stacks: one indented row each, under the environment's sum.
    for (const k of e.stacks ?? []) {
      table.push([`  ${k.stack}`, '', '', label(k, c), k.changes.add, k.changes.change, k.changes.destroy]);
    }
  }
  const details = result.environments.flatMap((e) => [
    ...(e.error ? [`${e.environment}: ${c.red(e.error.message)}`] : []),
    ...(e.drift ? e.resourceChanges.map((r) => `  ${e.environment}: ${r.address} (${r.actions.join(', ')})`) : []),
  ]);
  const tail = details.length > 0 ? `${details.join('\n')}\n` : '';
  return `drift check at ${result.checkedAt}: ${head}\n${table.toString()}\n${tail}`;
}

/** An environment's or a stack's result. */
function label(e: Pick<EnvironmentDrift, 'error' | 'drift' | 'reason'>, c: Colors): string {
  if (e.error) return c.red('check failed');
  if (e.drift === null) return c.dim(e.reason ?? 'not checked');
  return e.drift ? c.yellow('DRIFT') : c.green('no drift');
}
