import { checkoutCommit } from '../decide/checkout.js';
import { triggerOf } from '../decide/explain.js';
import { checkPromotionGate } from '../decide/gate.js';
import { planRun, previousEnvironment, type RunPlanSettings } from '../decide/run-plan.js';
import { GateRefusedError } from '../errors.js';
import type { GateResult, RunResult, StageResult } from '../model.js';
import type { RunOptions } from '../options.js';
import type { Trigger } from '../refs/types.js';
import type { Session, TerraformSetup } from '../session.js';
import { skippedStage } from './environment.js';
import { recordHistory } from './history.js';
import { previewAt } from './preview.js';
import { readEnvironmentRecord, recordSignature } from './read-records.js';
import { buildStageRuns, readHistory, type StageSpec } from './stage-runs.js';
import { runSequence } from './sequence.js';
import { freezeCheck, stageRunner } from './apply-stage.js';
import { announceRun } from './announce.js';
import { hooksOf } from './verify.js';
import { parseDuration } from '../time/durations.js';

/** The settings that decide what a ref runs in the session's project. */
export function runPlanSettings(session: Session): RunPlanSettings {
  const { environments, mainBranch, previewAllEnvironments } = session.definition;
  return { environments, mainBranch, ...(previewAllEnvironments !== undefined ? { previewAllEnvironments } : {}) };
}

/**
 * The pipeline for a ref (docs/design.md's ref table): decide what it runs, check the checkout and,
 * for a deploy tag, the promotion gate; run the stages in order; keep each apply in its environment's
 * history. A refusal or failure is the result's status.
 */
export async function runRef(session: Session, opts: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const settings = session.settings;
  const { ref, trigger } = await triggerOf(opts.ref, runPlanSettings(session), settings.env, settings.projectDir);
  const plan = planRun(trigger, runPlanSettings(session), opts.allEnvironments);
  const base = { ref, trigger: trigger.kind };
  const done = (result: Omit<RunResult, 'durationMs' | keyof typeof base>): RunResult => ({
    ...base,
    ...result,
    durationMs: performance.now() - started,
  });
  if (trigger.kind === 'none') {
    // Nothing runs: the ref need not be checked out (a pull request's merge ref is often not).
    const commit = await checkoutCommit(settings.projectDir, 'HEAD', false);
    return done({ commit, status: 'nothing-to-do', message: trigger.reason, stages: [] });
  }
  if (plan.preview) return previewAt(session, { ref, trigger: trigger.kind, started }, opts);
  if (opts.allEnvironments && trigger.kind !== 'feature-branch') {
    // Previews are for review: main and deploy tags keep the ref table (and its applies).
    const message = `--all-environments applies to feature branches only; ${ref} runs as the ref table says`;
    session.emit({ type: 'warning', message });
  }
  const applies = plan.stages.some((s) => s.apply);
  // terraform's version check runs alongside git's; git's errors still come first.
  const checked = session.terraform(opts);
  checked.catch(() => undefined);
  const commit = await checkoutCommit(settings.projectDir, ref, applies);
  const setup = await checked;
  session.synth();
  const freezes = await freezeCheck(session, setup, plan.stages, opts);
  if (freezes.refusal !== undefined) {
    const stages = plan.stages.map(skippedStage);
    return finish(session, done({ commit, status: 'refused', message: freezes.refusal, stages }), opts.signal);
  }
  let gate: GateResult | undefined;
  if (trigger.kind === 'deploy-tag') {
    gate = await gateOf(session, setup, trigger, commit, opts);
    session.emit({ type: 'gate', result: gate });
    if (!gate.passed && !gate.overridden) {
      const stages = plan.stages.map(skippedStage);
      return finish(session, done({ commit, status: 'refused', message: gate.message, gate, stages }), opts.signal);
    }
  }
  const specs = plan.stages.map(
    (stage): StageSpec => ({
      plan: stage,
      commit,
      ref,
      trigger: trigger.kind,
      // A feature branch's job holds plan-only credentials: its plan takes no lock where reads are atomic.
      readOnly: trigger.kind === 'feature-branch',
      approvals: opts,
      gateOverridden: gate !== undefined && !gate.passed && gate.overridden,
      freezeIgnored: freezes.ignored.includes(stage.environment),
      full: opts.full === true,
    }),
  );
  const { results, failure, refusal } = await runSequence(
    specs.map((spec) => buildStageRuns(session, setup, spec)),
    {
      overlap: settings.overlap,
      concurrency: settings.concurrency,
      signal: opts.signal,
      emit: (e) => session.emit(e),
      runStage: stageRunner(session, setup, { commit, ref }),
    },
  );
  await keepHistory(session, setup, specs, results, opts.signal);
  const message = failure ?? refusal;
  const result = done({
    commit,
    status: failure !== undefined ? 'failed' : refusal !== undefined ? 'refused' : 'succeeded',
    ...(message !== undefined ? { message } : {}),
    ...(gate ? { gate } : {}),
    stages: results,
  });
  return finish(session, result, opts.signal);
}

/** Tells the project's notification targets how the run ended, and what it made ready to promote. */
async function finish(session: Session, result: RunResult, signal: AbortSignal | undefined): Promise<RunResult> {
  await announceRun(session, result, signal);
  return result;
}

/** Adds each applying stage's apply to its environment's history. */
export async function keepHistory(
  session: Session,
  setup: TerraformSetup,
  specs: readonly StageSpec[],
  results: readonly StageResult[],
  signal: AbortSignal | undefined,
): Promise<void> {
  for (const [i, spec] of specs.entries()) {
    if (spec.plan.apply && results[i]) await recordHistory(session, setup, spec, results[i]!, signal);
  }
}

/** The promotion gate of a deploy tag: passed, refused, or refused and overridden (logged loudly). */
async function gateOf(
  session: Session,
  setup: TerraformSetup,
  trigger: Extract<Trigger, { kind: 'deploy-tag' }>,
  commit: string,
  opts: RunOptions,
): Promise<GateResult> {
  const previous = previousEnvironment(trigger.environment, runPlanSettings(session))!;
  const key = session.settings.recordKey;
  try {
    const history = await readHistory(session, setup, previous, opts.signal);
    const stored = await readEnvironmentRecord(session, setup, previous, opts.signal, history);
    const soak = session.definition.soakTime?.[previous];
    const message = await checkPromotionGate({
      cwd: session.settings.projectDir,
      commit,
      tag: trigger.tag,
      environment: trigger.environment,
      mainBranch: session.definition.mainBranch,
      previousEnvironment: previous,
      previousRecord: stored.record,
      previousRecordSignature: recordSignature(previous, stored, key),
      history,
      key,
      verifyHooks: hooksOf(session, previous).map((h) => h.name),
      ...(soak !== undefined ? { soakMs: parseDuration(soak) } : {}),
      ...(stored.partial ? { previousPartial: stored.partial } : {}),
    });
    return { passed: true, overridden: false, message };
  } catch (error) {
    if (!(error instanceof GateRefusedError)) throw error;
    if (opts.overrideGate) session.emit({ type: 'warning', message: `PROMOTION GATE OVERRIDDEN: ${error.message}` });
    return { passed: false, overridden: opts.overrideGate === true, message: error.message };
  }
}
