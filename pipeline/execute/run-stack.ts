import { rmSync } from 'node:fs';
import {
  DEPLOYMENT_RECORD_NAME,
  isDeploymentRecordAddress,
  type DeploymentRecord,
} from '../../stacks/deployment-record-format.js';
import { NO_CHANGES, type Action, type ChangeCounts, type PipelineEvent, type StageResult } from '../model.js';
import { initDir } from '../stackdir/init.js';
import { ensureLocalWorkspaceState, pullState, stateIdentity } from '../stackdir/local-state.js';
import { retryRaces } from '../stackdir/races.js';
import { nextRecord, readRecord, type StoredRecord } from '../stackdir/record.js';
import { createRunFile, PLAN_FILE, removeStaleRunFiles } from '../stackdir/run-files.js';
import { selectWorkspace } from '../stackdir/workspace.js';
import { StalePlanError, Terraform, type PlanResult } from '../terraform/index.js';
import type { ChangeVerdict, Unchanged } from '../decide/unchanged.js';
import { runChecks, type PlanChecks } from './checks/index.js';
import { describeFailure } from './failure.js';
import type { StackRun } from './stack-run.js';

/** What a stack's run came to: its part of the stage's result. */
export type StackOutcome = Omit<StageResult, 'environment' | 'workspace' | 'actions' | 'stacks'> & {
  /** A drift check: whether the live state differs from what the recorded commit plans. */
  readonly drift?: boolean;
};

/** How a run reports while it runs (the caller's concern, not a decision). */
export interface StackIo {
  readonly emit: (event: PipelineEvent) => void;
  readonly signal?: AbortSignal | undefined;
  /** Wraps raw output so it is held back with the events (a stage running alongside another). */
  readonly hold?: <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void;
}

/** How often a stage plans again when another run applied between its plan and its apply. */
const STALE_PLAN_RETRIES = 2;

/**
 * Runs one stack: init, workspace select (created if missing, except for a drift check), plan to a
 * file of its own, the checks, and the apply of that very file. Failures and refusals are returned
 * as the outcome's status, never thrown.
 */
export async function runStack(run: StackRun, io: StackIo): Promise<StackOutcome> {
  const started = performance.now();
  const unit = { environment: run.environment, ...(run.stack.named ? { stack: run.stack.name } : {}) };
  const emit = (event: PipelineEvent) => io.emit(event);
  const onOutput = run.terraform.onOutput;
  const tf = new Terraform({
    ...run.terraform,
    ...(onOutput && io.hold ? { onOutput: io.hold(onOutput) } : {}),
    workingDir: run.stack.dir,
    onEvent: (event) => emit({ type: 'terraform', ...unit, event }),
  });
  const signal = io.signal ? { signal: io.signal } : {};
  const step = async <T>(action: Action, fn: () => Promise<T>): Promise<T> => {
    emit({ type: 'step-start', ...unit, action });
    const t0 = performance.now();
    try {
      const result = await fn();
      emit({ type: 'step-end', ...unit, action, durationMs: performance.now() - t0, ok: true });
      return result;
    } catch (error) {
      emit({ type: 'step-end', ...unit, action, durationMs: performance.now() - t0, ok: false });
      throw error;
    }
  };
  const unchanged = await detectUnchanged(run, io, unit);
  if (unchanged) {
    return {
      status: 'unchanged',
      changes: NO_CHANGES,
      resourceChanges: [],
      durationMs: performance.now() - started,
      unchangedSince: unchanged.since,
      state: unchanged.state,
    };
  }
  const applies = run.mode === 'apply';
  let planned: PlanResult | undefined;
  let record: DeploymentRecord | undefined;
  let previous: StoredRecord | undefined;
  let checks: PlanChecks = {};
  let state: StackOutcome['state'];
  // A killed run's saved plan holds sensitive values in clear: the next run of the stack removes it.
  removeStaleRunFiles(run.stack.dir, PLAN_FILE);
  // Runs in one checkout share the stack directory: each has a plan file of its own (0600).
  const planFile = createRunFile(run.stack.dir, PLAN_FILE);
  // A workspace this run just created holds no state, so there is no record to read.
  let fresh = false;
  const makePlan = () =>
    step('plan', async () => {
      previous = run.stored ?? (fresh ? { raw: '' } : await readRecord(run.stack, run.environment, tf, signal));
      fresh = false;
      let value = previous.raw;
      if (applies) {
        if (run.trigger === 'feature-branch' || run.trigger === 'preview')
          throw new TypeError(`a ${run.trigger} never applies`);
        record = nextRecord(previous.record, {
          commit: run.commit,
          ref: run.ref,
          trigger: run.trigger,
          ci: run.record.ci,
          now: new Date(),
          gateOverridden: run.record.gateOverridden,
          scope: { kind: 'deployment-record', environment: run.environment, stack: run.stack.name },
          key: run.record.key,
        });
        if (record !== previous.record) value = JSON.stringify(record);
      }
      const lock = run.lock ? {} : { lock: false };
      const vars = { [DEPLOYMENT_RECORD_NAME]: value };
      const result = await retryRaces(() => tf.plan({ out: planFile, vars, ...lock, ...signal }), signal);
      emit({ type: 'plan-summary', ...unit, changes: countChanges(result), hasChanges: result.hasChanges });
      return result;
    });
  const stateAfter = async () => stateIdentity(await pullState(run.stack, run.environment, () => tf.statePull(signal)));
  const check = async (p: PlanResult) =>
    (checks = await runChecks(
      run,
      { planned: p, tf, willApply: applies && p.hasChanges, previous: previous?.record },
      {
        emit,
        ...signal,
      },
    ));
  const outcome = (status: StageResult['status'], error?: unknown): StackOutcome => ({
    status,
    changes: planned ? countChanges(planned) : NO_CHANGES,
    resourceChanges: (planned?.resourceChanges ?? []).filter((c) => !isDeploymentRecordAddress(c.address)),
    durationMs: performance.now() - started,
    ...(status === 'applied' && record ? { record } : {}),
    ...(error !== undefined ? { error: describeFailure(error) } : {}),
    ...(checks.refusal !== undefined ? { refusal: checks.refusal } : {}),
    ...(checks.guard ? { guard: checks.guard } : {}),
    ...(checks.review ? { review: checks.review } : {}),
    ...(checks.policies ? { policies: checks.policies } : {}),
    ...(checks.lostStateAccepted ? { lostStateAccepted: checks.lostStateAccepted } : {}),
    ...(state ? { state } : {}),
    ...(run.mode === 'drift' && planned ? { drift: drifted(planned) } : {}),
  });
  try {
    // Concurrent runs race to create the backend's tables and the workspace: losing is not an error.
    await step('init', () => initDir(tf, run.reuse, signal, run.stack.config));
    fresh = await step('workspace-select', async () => {
      if (run.mode === 'drift') {
        await tf.workspaceSelect(run.environment, signal);
        return false;
      }
      const seeded = ensureLocalWorkspaceState(run.stack, run.environment, run.terraformVersion);
      await retryRaces(() => selectWorkspace(tf, run.environment, run.reuse?.dataDir, signal), signal);
      // `select -or-create` does not say whether it created: only a seeded local workspace is known fresh.
      return seeded;
    });
    planned = await makePlan();
    if ((await check(planned)).refusal) return outcome('refused');
    // A plan whose only change is the record still applies, so the record is always true.
    for (let retry = 0; applies && planned.hasChanges; retry++) {
      try {
        await step('apply', () => retryRaces(() => tf.apply(planned!.planFile, signal), signal));
        // What the history keeps: a later lineage or a lower serial means the state was replaced since.
        state = await stateAfter();
        return outcome('applied');
      } catch (error) {
        if (!(error instanceof StalePlanError) || retry >= STALE_PLAN_RETRIES) {
          // A failed apply changed the state too: the history keeps where it left it, when it can say.
          state = await stateAfter().catch(() => undefined);
          throw error;
        }
        // Another run applied since our plan (terraform refused it, nothing changed): plan again.
        const message = `${run.environment}: the state changed since the plan (another run applied); planning again`;
        emit({ type: 'warning', message, ...unit });
        planned = await makePlan();
        if ((await check(planned)).refusal) return outcome('refused');
      }
    }
    return outcome(planned.hasChanges ? 'planned' : 'no-changes');
  } catch (error) {
    return outcome('failed', error);
  } finally {
    // The saved plan holds sensitive values in clear; it is of no use after the run.
    rmSync(planFile, { force: true });
  }
}

/**
 * The stack's change detection: unchanged (said in the log, with why nothing is checked), or
 * undefined when it plans. Detection that fails is a warning, and the stack plans as without it.
 */
async function detectUnchanged(
  run: StackRun,
  io: StackIo,
  unit: { environment: string; stack?: string },
): Promise<Unchanged | undefined> {
  if (!run.detect) return undefined;
  let verdict: ChangeVerdict;
  try {
    verdict = await run.detect(io.signal);
  } catch (error) {
    // Interrupted: the first terraform step fails the stack as interrupted.
    if (io.signal?.aborted) return undefined;
    const why = error instanceof Error ? error.message : String(error);
    io.emit({ type: 'warning', ...unit, message: `${run.environment}: change detection failed (${why}); planning` });
    return undefined;
  }
  if (!verdict.unchanged) return undefined;
  const message =
    `unchanged since ${verdict.since.slice(0, 12)}: configuration and state as that apply left them, so no ` +
    'terraform runs (the destroy guard, the reviewed-plan check and the policies have no plan to check)';
  io.emit({ type: 'check', ...unit, message, ok: true });
  return verdict;
}

/** Counts the plan's resource changes, leaving out the deployment record. */
export function countChanges(plan: Pick<PlanResult, 'resourceChanges'>): ChangeCounts {
  const counts = { add: 0, change: 0, destroy: 0 };
  for (const c of plan.resourceChanges) {
    if (isDeploymentRecordAddress(c.address)) continue;
    if (c.actions.includes('create')) counts.add++;
    if (c.actions.includes('delete')) counts.destroy++;
    if (c.actions.includes('update')) counts.change++;
  }
  return counts;
}

/** A drift check's verdict: any change but the record's, to a resource or an output. */
function drifted(plan: PlanResult): boolean {
  const resources = plan.resourceChanges.filter((c) => !isDeploymentRecordAddress(c.address));
  const outputs = plan.outputChanges.filter((o) => o.name !== DEPLOYMENT_RECORD_NAME);
  return resources.length > 0 || outputs.length > 0;
}
