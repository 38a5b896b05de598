import { rmSync } from 'node:fs';
import {
  DEPLOYMENT_RECORD_NAME,
  isDeploymentRecordAddress,
  type DeploymentRecord,
  type RecordTrigger,
} from '../../stacks/deployment-record.js';
import type { Action, StagePlan } from '../refs/index.js';
import {
  StalePlanError,
  Terraform,
  TerraformAbortedError,
  TerraformError,
  TerraformLockError,
  type CommonOptions,
  type PlanResult,
  type TerraformOptions,
} from '../terraform/index.js';
import { initUnlessCurrent, type ReuseInit } from './init-cache.js';
import { ensureLocalWorkspaceState } from './local-state.js';
import { retryRaces } from './races.js';
import { selectWorkspace } from './select-workspace.js';
import { nextRecord, readRecord, type StoredRecord } from './record.js';
import { readRecordFromLocalState } from './record-state.js';
import { pullState } from './local-state-read.js';
import { stateIdentity } from './review.js';
import { createRunFile, PLAN_FILE, removeStaleRunFiles } from './run-files.js';
import { NO_CHANGES, type ChangeCounts, type PipelineEvent, type StageResult } from './types.js';
import type { CiInfo } from '../ci/index.js';
import type { PlanCheck, PlanChecks } from './checks.js';
import { serialFor } from './serial.js';

/** Everything a stage needs besides its plan. */
export interface StageContext {
  readonly stackDir: string;
  /** The stack's name (the environment's for its only, unnamed stack): what its record's signature binds. */
  readonly stack: string;
  /** The record key: the record an apply writes is signed with it. */
  readonly recordKey?: string;
  /** The gate refused and `--override-gate` let the run go on: the record says so. */
  readonly gateOverridden?: boolean;
  readonly commit: string;
  readonly ref: string;
  /** What started the stage; an apply records it (feature branches and previews never apply). */
  readonly trigger: RecordTrigger | 'feature-branch' | 'preview';
  readonly ci: CiInfo;
  readonly terraform: Omit<TerraformOptions, 'workingDir' | 'onEvent'>;
  readonly signal?: AbortSignal;
  readonly emit: (event: PipelineEvent) => void;
  readonly now?: () => Date;
  /** Skip `terraform init` when the directory's last init had the same inputs (see init-cache.ts). */
  readonly reuseInit?: ReuseInit;
  /** The terraform version the pipeline checked; lets a fresh local-backend workspace get its state file first. */
  readonly terraformVersion?: string;
  /** `false`: plan without the state lock (previews on backends whose reads are atomic; see preview-lock.ts). */
  readonly planLock?: boolean;
  /** Runs after each plan and before any apply (destroy guard, reviewed plan, policies); a refusal stops the stage. */
  readonly checkPlan?: PlanCheck;
}

/** Added to a lock error whose backend does not say who holds the lock. */
const FOREIGN_LOCK_NOTE =
  'Another run (a pipeline, or apply --env) holds the lock; the backend does not say which ' +
  "(any Lock Info above describes this run's own request, not the holder).";

/** How often a stage plans again when another run applied between its plan and its apply. */
const STALE_PLAN_RETRIES = 2;

/** Runs one stage: init, workspace select (create if missing), plan to a file, apply that file. */
export async function runStage(plan: StagePlan, ctx: StageContext): Promise<StageResult> {
  const started = performance.now();
  const env = plan.environment;
  const tf = new Terraform({
    ...ctx.terraform,
    workingDir: ctx.stackDir,
    onEvent: (event) => ctx.emit({ type: 'terraform', environment: env, event }),
  });
  const signal = ctx.signal ? { signal: ctx.signal } : {};
  const step = async <T>(action: Action, fn: () => Promise<T>): Promise<T> => {
    ctx.emit({ type: 'step-start', environment: env, action });
    const t0 = performance.now();
    try {
      const result = await fn();
      ctx.emit({ type: 'step-end', environment: env, action, durationMs: performance.now() - t0, ok: true });
      return result;
    } catch (error) {
      ctx.emit({ type: 'step-end', environment: env, action, durationMs: performance.now() - t0, ok: false });
      throw error;
    }
  };
  ctx.emit({ type: 'stage-start', environment: env, actions: plan.actions });
  const applies = plan.actions.includes('apply');
  let planned: PlanResult | undefined;
  let record: DeploymentRecord | undefined;
  let checks: PlanChecks = {};
  let previousRecord: DeploymentRecord | undefined;
  let state: StageResult['state'];
  const check = async (p: PlanResult) =>
    (checks =
      (await ctx.checkPlan?.(p, tf, applies && p.hasChanges, signal, { stack: ctx.stack, previous: previousRecord })) ??
      {});
  // A killed run's saved plan holds sensitive values in clear: the next run of the stack removes it.
  removeStaleRunFiles(ctx.stackDir, PLAN_FILE);
  // Concurrent runs in one checkout share the stack directory: each stage has a plan file of its own.
  const planFile = createRunFile(ctx.stackDir, PLAN_FILE);
  // A workspace this stage just created holds no state, so there is no record to read (one terraform call less).
  let fresh = false;
  const makePlan = () =>
    step('plan', async () => {
      // The local backend's record comes from the state file that `terraform output` would read: no process.
      const stored = fresh ? { raw: '' } : readRecordFromLocalState(ctx.stackDir, plan.workspace);
      const previous: StoredRecord = stored ?? (await readRecord(tf, signal));
      fresh = false;
      previousRecord = previous.record;
      let value = previous.raw;
      if (applies) {
        if (ctx.trigger === 'feature-branch' || ctx.trigger === 'preview')
          throw new TypeError(`a ${ctx.trigger} never applies`);
        record = nextRecord(previous.record, {
          commit: ctx.commit,
          ref: ctx.ref,
          trigger: ctx.trigger,
          ci: ctx.ci,
          now: (ctx.now ?? (() => new Date()))(),
          gateOverridden: ctx.gateOverridden === true,
          scope: { kind: 'deployment-record', environment: env, stack: ctx.stack },
          key: ctx.recordKey,
        });
        if (record !== previous.record) value = JSON.stringify(record);
      }
      const lock = ctx.planLock === false ? { lock: false } : {};
      const vars = { [DEPLOYMENT_RECORD_NAME]: value };
      const result = await retryRaces(() => tf.plan({ out: planFile, vars, ...lock, ...signal }), signal);
      ctx.emit({
        type: 'plan-summary',
        environment: env,
        changes: countChanges(result),
        hasChanges: result.hasChanges,
      });
      return result;
    });
  try {
    // Concurrent runs race to create the backend's tables and the workspace: losing is not an error.
    await step('init', () => initStack(tf, ctx.stackDir, ctx.reuseInit, signal));
    const select = () =>
      selectWorkspace(tf, plan.workspace, ctx.reuseInit ? (ctx.reuseInit.dataDir ?? '.terraform') : undefined, signal);
    fresh = (
      await step('workspace-select', async () => {
        const seeded =
          ctx.terraformVersion !== undefined &&
          ensureLocalWorkspaceState(ctx.stackDir, plan.workspace, ctx.terraformVersion);
        await retryRaces(select, signal);
        // `select -or-create` does not say whether it created: only a seeded local workspace is known fresh.
        return { created: seeded };
      })
    ).created;
    planned = await makePlan();
    if ((await check(planned)).refusal) return finish('refused', countChanges(planned));
    // A plan whose only change is the record still applies, so the record is always true.
    for (let retry = 0; applies && planned.hasChanges; retry++) {
      try {
        await step('apply', () => retryRaces(() => tf.apply(planned!.planFile, signal), signal));
        // What the history keeps: a later lineage or a lower serial means the state was replaced since.
        state = stateIdentity(await pullState(ctx.stackDir, plan.workspace, () => tf.statePull(signal)));
        return finish('applied', countChanges(planned), record);
      } catch (error) {
        if (!(error instanceof StalePlanError) || retry >= STALE_PLAN_RETRIES) throw error;
        // Another run applied since our plan (terraform refused it, nothing changed):
        // plan again as if we had started later.
        ctx.emit({
          type: 'warning',
          message: `${env}: the state changed since the plan (another run applied); planning again`,
        });
        planned = await makePlan();
        if ((await check(planned)).refusal) return finish('refused', countChanges(planned));
      }
    }
    return finish(planned.hasChanges ? 'planned' : 'no-changes', countChanges(planned));
  } catch (error) {
    const stage = finish('failed', planned ? countChanges(planned) : NO_CHANGES, undefined, error);
    ctx.emit({ type: 'stage-end', stage });
    throw new StageFailedError(stage, error);
  } finally {
    // The saved plan holds sensitive values in clear; it is of no use after the stage.
    rmSync(planFile, { force: true });
  }

  function finish(
    status: StageResult['status'],
    changes: ChangeCounts,
    rec?: DeploymentRecord,
    error?: unknown,
  ): StageResult {
    const stage: StageResult = {
      environment: env,
      workspace: plan.workspace,
      actions: plan.actions,
      status,
      changes,
      resourceChanges: (planned?.resourceChanges ?? []).filter((c) => !isDeploymentRecordAddress(c.address)),
      durationMs: performance.now() - started,
      ...(rec ? { record: rec } : {}),
      ...(error !== undefined ? { error: describe(error) } : {}),
      ...(checks.refusal !== undefined ? { refusal: checks.refusal } : {}),
      ...(checks.guard ? { guard: checks.guard } : {}),
      ...(checks.review ? { review: checks.review } : {}),
      ...(checks.policies ? { policies: checks.policies } : {}),
      ...(checks.lostStateAccepted ? { lostStateAccepted: checks.lostStateAccepted } : {}),
      ...(state ? { state } : {}),
    };
    if (status !== 'failed') ctx.emit({ type: 'stage-end', stage });
    return stage;
  }
}

/**
 * `terraform init` of a stack directory, skipped when `reuse` says its last init still holds, and
 * retried while it loses a creation race to a concurrent run; one at a time per plugin cache.
 */
export async function initStack(
  tf: Terraform,
  stackDir: string,
  reuse: ReuseInit | undefined,
  opts: CommonOptions = {},
): Promise<void> {
  // terraform does not lock a shared plugin cache: with one, this process runs its inits one at a
  // time (an environment's stacks, a preview's environments and the metadata store run concurrently).
  const once = () => retryRaces(() => tf.init(opts), opts);
  const init = async () => void (await (tf.pluginCacheDir ? serialFor(tf.pluginCacheDir)(once) : once()));
  await (reuse ? initUnlessCurrent({ ...reuse, stackDir }, init) : init());
}

/** A stage failed; carries its result (with the diagnostic) and the original error as `cause`. */
export class StageFailedError extends Error {
  override readonly name = 'StageFailedError';

  constructor(
    readonly stage: StageResult,
    cause: unknown,
  ) {
    super(`${stage.environment}: ${stage.error?.message ?? 'failed'}`, { cause });
  }
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

function describe(error: unknown): NonNullable<StageResult['error']> {
  if (error instanceof TerraformError) {
    const first = error.diagnostics.find((d) => d.severity === 'error');
    let message = first ? `${first.summary}${first.detail ? `: ${first.detail}` : ''}` : error.message;
    // An interrupted command's own diagnostic (e.g. "signal: killed") does not say the run was interrupted.
    if (error instanceof TerraformAbortedError && first) message = `${error.message}: ${message}`;
    // Backends such as pg store no lock info: terraform then prints this run's own request as "Lock Info".
    const note = error instanceof TerraformLockError && !error.holder?.path ? `\n${FOREIGN_LOCK_NOTE}` : '';
    return { message: message + note, diagnostics: error.diagnostics };
  }
  return { message: error instanceof Error ? error.message : String(error), diagnostics: [] };
}
