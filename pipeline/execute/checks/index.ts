import type { DeploymentRecord } from '../../../stacks/deployment-record-format.js';
import type { GuardResult, PipelineEvent, PolicyResult, ReviewResult } from '../../model.js';
import { lastStateOf } from '../../records/history.js';
import {
  describeSignature,
  signatureStatus,
  signValue,
  trusted,
  type SignatureScope,
} from '../../records/signature.js';
import { pullState, stateIdentity } from '../../stackdir/local-state.js';
import { readMetadata, writeMetadata } from '../../stackdir/metadata.js';
import type { CommonOptions, PlanResult, Terraform } from '../../terraform/index.js';
import type { StackRun } from '../stack-run.js';
import { findTrailerApproval } from './approval-trailers.js';
import { checkDestroys, describeGuard } from './destroy-guard.js';
import { ACCEPT_LOST_STATE_FLAG, lostState } from './lost-state.js';
import { runPolicies } from './policy.js';
import {
  compareReview,
  describeReview,
  parseReviewedPlan,
  REVIEWED_PLAN_KEY,
  reviewableChanges,
  sameReview,
  type CurrentPlan,
  type ReviewedPlan,
} from './review.js';

/** What the checks between plan and apply found; `refusal` set means: do not apply. */
export interface PlanChecks {
  readonly refusal?: string;
  readonly guard?: GuardResult;
  readonly review?: ReviewResult;
  readonly policies?: readonly PolicyResult[];
  /** The state is not the one the pipeline last applied, and `--accept-lost-state` approved applying to it. */
  readonly lostStateAccepted?: string;
}

/** The plan the checks look at. */
export interface CheckedPlan {
  readonly planned: PlanResult;
  readonly tf: Terraform;
  /** The plan is about to be applied. */
  readonly willApply: boolean;
  /** The stack's deployment record before this run. */
  readonly previous: DeploymentRecord | undefined;
}

/**
 * The checks of a plan (docs/review.md): before an apply, the lost-state check, the destroy guard,
 * the reviewed-plan comparison and the policies, all of them, so one run shows every problem; after
 * a plan-only stage's plan that a later deploy applies, the reviewed-plan record (and a loud warning
 * about a lost state).
 */
export async function runChecks(
  run: StackRun,
  plan: CheckedPlan,
  io: { readonly emit: (event: PipelineEvent) => void } & CommonOptions,
): Promise<PlanChecks> {
  const c = run.checks;
  const unit = { environment: run.environment, ...(run.stack.named ? { stack: run.stack.name } : {}) };
  const where = run.stack.named ? `${run.environment}/${run.stack.name}` : run.environment;
  const info = (message: string, ok: boolean) => io.emit({ type: 'check', ...unit, message, ok });
  const loud = (message: string) => io.emit({ type: 'warning', message, ...unit });
  const opts = io.signal ? { signal: io.signal } : {};
  const current = async (): Promise<CurrentPlan> => ({
    commit: run.commit,
    ref: run.ref,
    fingerprint: run.stack.fingerprint,
    // Only lineage and serial are kept: the pulled state holds values in clear.
    ...stateIdentity(await pullState(run.stack, run.environment, () => plan.tf.statePull(opts))),
    resourceChanges: reviewableChanges(plan.planned.resourceChanges),
  });
  const continuity = async () => {
    const last = lastStateOf(await c.history(), run.stack.name, run.record.key);
    if (!last) return undefined;
    const state = stateIdentity(await pullState(run.stack, run.environment, () => plan.tf.statePull(opts)));
    return lostState(where, { ...last, commit: last.entry.commit, time: last.entry.time }, state);
  };
  const scope: SignatureScope = { kind: 'reviewed-plan', environment: run.environment, stack: run.stack.name };

  if (c.review === 'record' && !plan.willApply) {
    const lost = await continuity();
    if (lost) loud(`${lost}: its deploy will be refused until approved with ${ACCEPT_LOST_STATE_FLAG}`);
    await recordReview();
    return {};
  }
  if (!plan.willApply) return {};
  const refusals: string[] = [];
  const lost = await continuity();
  if (lost && c.approvals.acceptLostState) loud(`${lost}; APPROVED by ${ACCEPT_LOST_STATE_FLAG}`);
  else if (lost) refusals.push(`${lost}; applying would start it over: approve with ${ACCEPT_LOST_STATE_FLAG}`);

  const guard = await destroyGuard();
  if (guard) {
    const line = describeGuard(run.environment, guard);
    if (guard.refused) refusals.push(line);
    else if (guard.approvedBy) loud(line);
    else info(line, true);
  }

  let review: ReviewResult | undefined;
  if (c.review === 'check') {
    const stored = parseReviewedPlan(await readMetadata(run.metadata, REVIEWED_PLAN_KEY, opts));
    const signature = stored ? signatureStatus(stored, scope, run.record.key) : 'no-key';
    review = compareReview(trusted(signature) ? stored : undefined, await current());
    if (!trusted(signature)) {
      const why = `the reviewed plan on record is ${describeSignature(signature)}, so it counts as none`;
      review = { ...review, differences: [why, ...review.differences.slice(1)] };
    }
    const line = describeReview(run.environment, review);
    if (review.matches) info(line, true);
    else if (c.approvals.requireReviewedPlan) refusals.push(`${line} (a reviewed plan is required)`);
    else loud(line);
  }

  let policies: PolicyResult[] | undefined;
  if (c.policies.length > 0) {
    const { plan: input, secrets } = await plan.tf.showRedactedPlan(plan.planned.planFile, opts);
    policies = await runPolicies(c.policies, input, { cwd: c.cwd, env: c.env, secrets, ...opts });
    for (const p of policies) {
      if (p.passed) info(`policy '${p.name}' passed`, true);
      else refusals.push(`${p.message ?? `policy '${p.name}' failed`}${p.output ? `:\n${p.output}` : ''}`);
    }
  }
  return {
    ...(refusals.length > 0 ? { refusal: refusals.join('\n') } : {}),
    ...(guard ? { guard } : {}),
    ...(review ? { review } : {}),
    ...(policies ? { policies } : {}),
    ...(lost && c.approvals.acceptLostState ? { lostStateAccepted: lost } : {}),
  };

  async function destroyGuard(): Promise<GuardResult | undefined> {
    const input = {
      environment: run.environment,
      resourceChanges: plan.planned.resourceChanges,
      protected: c.protected,
      allowDestroy: c.approvals.allowDestroy,
    };
    const first = checkDestroys(input);
    // git is asked only when a protected plan deletes something and the flag did not approve it.
    if (!first?.refused) return first;
    const trailer = await findTrailerApproval({
      cwd: c.cwd,
      environment: run.environment,
      environments: c.environments,
      base: plan.previous?.commit,
      commit: run.commit,
    });
    return checkDestroys({ ...input, trailer });
  }

  async function recordReview(): Promise<void> {
    const unsigned: ReviewedPlan = {
      version: 1,
      ...(await current()),
      recordedAt: new Date().toISOString(),
      ...(run.record.ci.runUrl ? { runUrl: run.record.ci.runUrl } : {}),
    };
    const reviewed = run.record.key === undefined ? unsigned : signValue(unsigned, scope, run.record.key);
    // A plan discarded because the stage before it failed is not a reviewed plan.
    if (c.previousSucceeded && !(await c.previousSucceeded)) return;
    try {
      const stored = parseReviewedPlan(await readMetadata(run.metadata, REVIEWED_PLAN_KEY, opts));
      // The same plan shown again (a re-run) keeps its record and time: no write (unless it needs a signature).
      const keyed = run.record.key;
      const signed = stored === undefined || keyed === undefined || signatureStatus(stored, scope, keyed) === 'valid';
      if (signed && sameReview(stored, reviewed)) {
        info(`review: this plan of ${run.environment} is recorded already for its deploy to compare with`, true);
        return;
      }
      await writeMetadata(run.metadata, REVIEWED_PLAN_KEY, reviewed, opts);
      info(`review: recorded this plan of ${run.environment} for its deploy to compare with`, true);
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      // The plan itself succeeded; the deploy will report (or refuse) the missing record.
      loud(
        `${run.environment}: could not record the reviewed plan: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
