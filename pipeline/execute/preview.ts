import { checkoutCommit } from '../decide/checkout.js';
import type { RunResult } from '../model.js';
import type { PreviewOptions } from '../options.js';
import type { Session } from '../session.js';
import { mapBounded } from './bounded.js';
import { runEnvironment } from './environment.js';
import { buildStageRuns } from './stage-runs.js';

/**
 * Plans every environment and applies nothing: one `planned` / `no-changes` / `failed` stage per
 * environment, planned concurrently (bounded). Stages pass the stored deployment record back, so
 * nothing is written; a missing workspace is created (empty), as every plan-only stage does. Plans
 * take no state lock where the backend's reads are atomic (an apply never waits for a preview).
 */
export async function previewAt(
  session: Session,
  at: { readonly ref: string; readonly trigger: RunResult['trigger']; readonly started: number },
  opts: PreviewOptions,
): Promise<RunResult> {
  const commit = await checkoutCommit(session.settings.projectDir, at.ref, false);
  const setup = await session.terraform(opts);
  session.synth();
  const limit = opts.concurrency ?? session.settings.concurrency;
  const stages = await mapBounded(session.environments, limit, (environment) => {
    const spec = {
      plan: { environment, apply: false },
      commit,
      ref: at.ref,
      trigger: 'preview',
      readOnly: true,
      full: opts.full === true,
    } as const;
    const { plan, runs } = buildStageRuns(session, setup, spec);
    return runEnvironment(plan, runs, {
      emit: (e) => session.emit(e),
      signal: opts.signal,
      concurrency: session.settings.concurrency,
    });
  });
  const failed = stages.filter((s) => s.status === 'failed');
  return {
    ref: at.ref,
    commit,
    trigger: at.trigger,
    preview: true,
    status: failed.length === 0 ? 'succeeded' : 'failed',
    ...(failed.length > 0
      ? { message: failed.map((s) => `${s.environment}: ${s.error?.message ?? 'failed'}`).join('\n') }
      : {}),
    stages,
    durationMs: performance.now() - at.started,
  };
}
