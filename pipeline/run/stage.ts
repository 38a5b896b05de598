import * as path from 'node:path';
import { DEPLOYMENT_RECORD_NAME, type DeploymentRecord } from '../../stacks/deployment-record.js';
import type { Action, StagePlan } from '../refs/index.js';
import { Terraform, TerraformError, type PlanResult, type TerraformOptions } from '../terraform/index.js';
import { nextRecord, readRecord } from './record.js';
import type { ChangeCounts, PipelineEvent, StageResult } from './types.js';
import type { CiInfo } from '../ci/index.js';

/** Everything a stage needs besides its plan. */
export interface StageContext {
  readonly stackDir: string;
  readonly commit: string;
  readonly ref: string;
  /** Trigger recorded by an apply (`main`, `deploy-tag`, `manual`). */
  readonly trigger: string;
  readonly ci: CiInfo;
  readonly terraform: Omit<TerraformOptions, 'workingDir' | 'onEvent'>;
  readonly signal?: AbortSignal;
  readonly emit: (event: PipelineEvent) => void;
  readonly now?: () => Date;
}

/** Name of the saved plan in the stack directory. */
export const PLAN_FILE = 'cdktf-gitops.tfplan';

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
  try {
    await step('init', () => tf.init(signal));
    await step('workspace-select', () => tf.workspaceSelectOrCreate(plan.workspace, signal));
    planned = await step('plan', async () => {
      const previous = await readRecord(tf, signal);
      let value = previous.raw;
      if (applies) {
        record = nextRecord(previous.record, { commit: ctx.commit, ref: ctx.ref, trigger: ctx.trigger, ci: ctx.ci, now: (ctx.now ?? (() => new Date()))() });
        if (record !== previous.record) value = JSON.stringify(record);
      }
      return tf.plan({ out: path.join(ctx.stackDir, PLAN_FILE), vars: { [DEPLOYMENT_RECORD_NAME]: value }, ...signal });
    });
    const changes = countChanges(planned);
    ctx.emit({ type: 'plan-summary', environment: env, changes, hasChanges: planned.hasChanges });
    // A plan whose only change is the record still applies, so the record is always true.
    if (applies && planned.hasChanges) {
      await step('apply', () => tf.apply(planned!.planFile, signal));
      return finish('applied', changes, record);
    }
    return finish(planned.hasChanges ? 'planned' : 'no-changes', changes);
  } catch (error) {
    const stage = finish('failed', planned ? countChanges(planned) : zero(), undefined, error);
    ctx.emit({ type: 'stage-end', stage });
    throw new StageFailedError(stage, error);
  }

  function finish(status: StageResult['status'], changes: ChangeCounts, rec?: DeploymentRecord, error?: unknown): StageResult {
    const stage: StageResult = {
      environment: env,
      workspace: plan.workspace,
      actions: plan.actions,
      status,
      changes,
      resourceChanges: (planned?.resourceChanges ?? []).filter((c) => !isRecord(c.address)),
      durationMs: performance.now() - started,
      ...(rec ? { record: rec } : {}),
      ...(error !== undefined ? { error: describe(error) } : {}),
    };
    if (status !== 'failed') ctx.emit({ type: 'stage-end', stage });
    return stage;
  }
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

function isRecord(address: string): boolean {
  return address === `terraform_data.${DEPLOYMENT_RECORD_NAME}`;
}

/** Counts the plan's resource changes, leaving out the deployment record. */
export function countChanges(plan: Pick<PlanResult, 'resourceChanges'>): ChangeCounts {
  const counts = { add: 0, change: 0, destroy: 0 };
  for (const c of plan.resourceChanges) {
    if (isRecord(c.address)) continue;
    if (c.actions.includes('create')) counts.add++;
    if (c.actions.includes('delete')) counts.destroy++;
    if (c.actions.includes('update')) counts.change++;
  }
  return counts;
}

function zero(): ChangeCounts {
  return { add: 0, change: 0, destroy: 0 };
}

function describe(error: unknown): NonNullable<StageResult['error']> {
  if (error instanceof TerraformError) {
    const first = error.diagnostics.find((d) => d.severity === 'error');
    const message = first ? `${first.summary}${first.detail ? `: ${first.detail}` : ''}` : error.message;
    return { message, diagnostics: error.diagnostics };
  }
  return { message: error instanceof Error ? error.message : String(error), diagnostics: [] };
}
