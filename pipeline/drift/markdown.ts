import { fitToLimit, flaggedChanges, stageDetails, SUMMARY_LIMIT } from '../report/markdown.js';
import { code, escapeText } from '../report/markdown-text.js';
import type { DriftResult, EnvironmentDrift, StageResult } from '../model.js';

/** How an environment's (or a stack's) check reads in summaries and tables. */
export function driftLabel(e: Pick<EnvironmentDrift, 'error' | 'drift' | 'reason'>): string {
  if (e.error) return '❌ check failed';
  if (e.drift === null) return `— ${e.reason ?? 'not checked'}`;
  return e.drift ? '⚠️ DRIFT' : '✅ no drift';
}

const HEADING: Record<DriftResult['status'], (r: DriftResult) => string> = {
  drift: (r) => `⚠️ DRIFT in ${r.environments.filter((e) => e.drift).length} environment(s)`,
  'no-drift': () => '✅ no drift',
  failed: () => '❌ FAILED',
};

/**
 * A drift check as Markdown (job summary): one table row per environment (its recorded commit,
 * how far behind main, the result), destroys and replacements flagged, and a collapsible section
 * per drifted or failed environment. At most `limit` characters, with a visible truncation note.
 */
export function driftToMarkdown(result: DriftResult, opts: { limit?: number } = {}): string {
  const shown = result.environments.filter((e) => e.drift || e.error);
  const asStages = shown.map(asStage);
  const head = [
    `## cdktf-gitops drift check: ${HEADING[result.status](result)}`,
    '',
    `checked at ${result.checkedAt} · each environment planned from its recorded commit, with refresh · ` +
      'nothing applied',
    '',
    ...flaggedChanges(asStages),
    '| environment | recorded commit | behind main | result | add | change | destroy |',
    '|---|---|---:|---|---:|---:|---:|',
    ...result.environments.flatMap((e) => {
      const commit = e.commit ? code(e.commit.slice(0, 12)) : '';
      const row = (name: string, c: Pick<EnvironmentDrift, 'error' | 'drift' | 'reason' | 'changes'>, more: string) => {
        const destroy = c.changes.destroy > 0 ? `**${c.changes.destroy}** ⚠️` : String(c.changes.destroy);
        return (
          `| ${escapeText(name)} | ${more} | ${escapeText(driftLabel(c))} | ` +
          `${c.changes.add} | ${c.changes.change} | ${destroy} |`
        );
      };
      // An environment made of stacks: one row each under the environment's, which sums them up.
      return [
        row(e.environment, e, `${commit} | ${e.behindMain ?? ''}`),
        ...(e.stacks ?? []).map((k) => row(`${e.environment}/${k.stack}`, k, ' | ')),
      ];
    }),
    '',
    ...(result.status === 'drift'
      ? [
          'Drift means the live state no longer matches what the pipeline applied: find the change made outside it, ' +
            'then re-apply through the pipeline (or commit the change).',
          '',
        ]
      : []),
  ];
  const render = (cap: number, note: string[] = []) =>
    [...head, ...note, ...asStages.flatMap((s) => stageDetails(s, cap))].join('\n');
  return fitToLimit(
    render,
    asStages.map((s) => s.resourceChanges),
    opts.limit ?? SUMMARY_LIMIT,
  );
}

/** `drift --json`: the shape, plus the check's time, reasons and errors. */
export function driftToJson(result: DriftResult): object {
  return {
    status: result.status,
    checkedAt: result.checkedAt,
    durationMs: Math.round(result.durationMs),
    environments: result.environments.map((e) => ({
      environment: e.environment,
      commit: e.commit,
      behindMain: e.behindMain,
      drift: e.drift,
      changes: e.changes,
      resourceChanges: e.resourceChanges,
      ...(e.reason !== undefined ? { reason: e.reason } : {}),
      ...(e.error ? { error: e.error } : {}),
      ...(e.stacks
        ? {
            stacks: e.stacks.map((k) => ({
              stack: k.stack,
              drift: k.drift,
              changes: k.changes,
              resourceChanges: k.resourceChanges,
              ...(k.error ? { error: k.error } : {}),
            })),
          }
        : {}),
    })),
  };
}

/** The shared summary helpers take stages: an environment's check as one. */
function asStage(e: EnvironmentDrift): StageResult {
  return {
    environment: e.environment,
    workspace: e.environment,
    actions: ['init', 'workspace-select', 'plan'],
    status: e.error ? 'failed' : 'planned',
    changes: e.changes,
    resourceChanges: e.resourceChanges,
    durationMs: e.durationMs,
    ...(e.error ? { error: { message: e.error.message, diagnostics: [] } } : {}),
  };
}
