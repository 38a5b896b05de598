import type { DeploymentRecord } from '../../stacks/deployment-record.js';
import type { PolicyConfig } from '../../stacks/review-settings.js';
import { lastStateOf, type HistoryEntry } from '../records/history.js';
import { describeSignature, signatureStatus, signValue, trusted, type SignatureScope } from '../records/signature.js';
import type { CommonOptions, PlanResult, Terraform } from '../terraform/index.js';
import { findTrailerApproval } from './approval-trailers.js';
import { checkDestroys, describeGuard, type GuardResult } from './destroy-guard.js';
import { pullState } from './local-state-read.js';
import { readMetadata, writeMetadata, type MetadataTarget } from './metadata.js';
import { runPolicies, type PolicyResult } from './policy.js';
import {
  compareReview,
  describeReview,
  parseReviewedPlan,
  REVIEWED_PLAN_KEY,
  sameReview,
  reviewableChanges,
  stackFingerprint,
  stateIdentity,
  type CurrentPlan,
  type ReviewedPlan,
  type ReviewResult,
} from './review.js';
import { ACCEPT_LOST_STATE_FLAG, lostState } from './state-continuity.js';
import type { PipelineEvent } from './types.js';

/** What the checks between plan and apply found; `refusal` set means: do not apply. */
export interface PlanChecks {
  readonly refusal?: string;
  readonly guard?: GuardResult;
  readonly review?: ReviewResult;
  readonly policies?: readonly PolicyResult[];
  /** The state is not the one the pipeline last applied, and `--accept-lost-state` approved applying to it. */
  readonly lostStateAccepted?: string;
}

/** The stack a check runs for, and what its state recorded before this run. */
export interface CheckedStack {
  /** Its name (the environment's for its only, unnamed stack). */
  readonly stack: string;
  /** Its deployment record before this run's apply. */
  readonly previous: DeploymentRecord | undefined;
}

/** The stage's hook: runs after each plan, before any apply. `willApply`: the plan is about to be applied. */
export type PlanCheck = (
  planned: PlanResult,
  tf: Terraform,
  willApply: boolean,
  opts: CommonOptions,
  stack: CheckedStack,
) => Promise<PlanChecks>;

/** Everything the checks of one environment's stage need (built by the pipeline). */
export interface PlanCheckSettings {
  readonly environment: string;
  /** The project's environments (the only names an `Allow-Destroy` trailer may hold). */
  readonly environments: readonly string[];
  /** The stage's workspace; known, a local backend's state is read from its file (no `state pull`). */
  readonly workspace?: string;
  readonly stackDir: string;
  readonly commit: string;
  readonly ref: string;
  /** Where policies run and git reads the commits' trailers. */
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly protected: boolean;
  readonly allowDestroy: boolean;
  /** Apply although the state is not the one the pipeline last applied (logged loudly). */
  readonly acceptLostState: boolean;
  readonly policies: readonly PolicyConfig[];
  /** `record`: a later deploy applies this plan; `check`: compare with the reviewed plan before applying. */
  readonly review?: 'record' | 'check';
  readonly requireReviewedPlan: boolean;
  readonly metadata: () => Promise<MetadataTarget>;
  /** The environment's apply history (read once per stage). */
  readonly history: () => Promise<readonly HistoryEntry[]>;
  /** The record key: only entries validly signed with it count. */
  readonly recordKey: string | undefined;
  readonly runUrl?: string;
  /** The stage runs alongside the one before it: record nothing unless that one succeeded. */
  readonly previousSucceeded?: Promise<boolean>;
  readonly now?: () => Date;
  readonly emit: (event: PipelineEvent) => void;
}

/** The lost-state check, the destroy guard, the reviewed-plan record or check, and the policies, as one stage hook. */
export function planChecks(s: PlanCheckSettings): PlanCheck {
  const info = (message: string, ok: boolean) => s.emit({ type: 'check', environment: s.environment, message, ok });
  const loud = (message: string) => s.emit({ type: 'warning', message });
  return async (planned, tf, willApply, opts, stack) => {
    const where = stack.stack === s.environment ? s.environment : `${s.environment}/${stack.stack}`;
    if (s.review === 'record' && !willApply) {
      const lost = await continuity(stack, tf, opts, where);
      if (lost) loud(`${lost}: its deploy will be refused until approved with ${ACCEPT_LOST_STATE_FLAG}`);
      await record(planned, tf, opts, stack);
      return {};
    }
    if (!willApply) return {};
    const refusals: string[] = [];
    const lost = await continuity(stack, tf, opts, where);
    if (lost && s.acceptLostState) loud(`${lost}; APPROVED by ${ACCEPT_LOST_STATE_FLAG}`);
    else if (lost) refusals.push(`${lost}; applying would start it over: approve with ${ACCEPT_LOST_STATE_FLAG}`);
    const guard = await destroyGuard(planned, stack);
    if (guard) {
      const line = describeGuard(s.environment, guard);
      if (guard.refused) refusals.push(line);
      else if (guard.approvedBy) loud(line);
      else info(line, true);
    }
    let review: ReviewResult | undefined;
    if (s.review === 'check') {
      const stored = parseReviewedPlan(await readMetadata(await s.metadata(), REVIEWED_PLAN_KEY, opts));
      const signature = stored ? signatureStatus(stored, reviewScope(stack), s.recordKey) : 'no-key';
      review = compareReview(trusted(signature) ? stored : undefined, await current(planned, tf, opts));
      if (!trusted(signature)) {
        const why = `the reviewed plan on record is ${describeSignature(signature)}, so it counts as none`;
        review = { ...review, differences: [why, ...review.differences.slice(1)] };
      }
      const line = describeReview(s.environment, review);
      if (review.matches) info(line, true);
      else if (s.requireReviewedPlan) refusals.push(`${line} (a reviewed plan is required)`);
      else loud(line);
    }
    let policies: PolicyResult[] | undefined;
    if (s.policies.length > 0) {
      const { plan, secrets } = await tf.showRedactedPlan(planned.planFile, opts);
      policies = await runPolicies(s.policies, plan, { cwd: s.projectDir, env: s.env, secrets, ...opts });
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
      ...(lost && s.acceptLostState ? { lostStateAccepted: lost } : {}),
    };
  };

  /** Why the stack's state is not the one the pipeline last applied, if it is not (history.ts). */
  async function continuity(stack: CheckedStack, tf: Terraform, opts: CommonOptions, where: string) {
    const last = lastStateOf(await s.history(), stack.stack, s.recordKey);
    if (!last) return undefined;
    const state = stateIdentity(await pullState(s.stackDir, s.workspace, () => tf.statePull(opts)));
    return lostState(where, { ...last, commit: last.entry.commit, time: last.entry.time }, state);
  }

  async function destroyGuard(planned: PlanResult, stack: CheckedStack): Promise<GuardResult | undefined> {
    const input = {
      environment: s.environment,
      resourceChanges: planned.resourceChanges,
      protected: s.protected,
      allowDestroy: s.allowDestroy,
    };
    const first = checkDestroys(input);
    // git is asked only when a protected plan deletes something and the flag did not approve it.
    if (!first?.refused) return first;
    const trailer = await findTrailerApproval({
      cwd: s.projectDir,
      environment: s.environment,
      environments: s.environments,
      base: stack.previous?.commit,
      commit: s.commit,
    });
    return checkDestroys({ ...input, trailer });
  }

  async function current(planned: PlanResult, tf: Terraform, opts: CommonOptions): Promise<CurrentPlan> {
    return {
      commit: s.commit,
      ref: s.ref,
      fingerprint: stackFingerprint(s.stackDir),
      // Only lineage and serial are kept: the pulled state holds values in clear. A local backend's
      // state file answers without a terraform process.
      ...stateIdentity(await pullState(s.stackDir, s.workspace, () => tf.statePull(opts))),
      resourceChanges: reviewableChanges(planned.resourceChanges),
    };
  }

  function reviewScope(stack: CheckedStack): SignatureScope {
    return { kind: 'reviewed-plan', environment: s.environment, stack: stack.stack };
  }

  async function record(planned: PlanResult, tf: Terraform, opts: CommonOptions, stack: CheckedStack): Promise<void> {
    const unsigned: ReviewedPlan = {
      version: 1,
      ...(await current(planned, tf, opts)),
      recordedAt: (s.now ?? (() => new Date()))().toISOString(),
      ...(s.runUrl ? { runUrl: s.runUrl } : {}),
    };
    const scope = reviewScope(stack);
    const plan = s.recordKey === undefined ? unsigned : signValue(unsigned, scope, s.recordKey);
    // A plan discarded because the stage before it failed is not a reviewed plan.
    if (s.previousSucceeded && !(await s.previousSucceeded)) return;
    try {
      const target = await s.metadata();
      const stored = parseReviewedPlan(await readMetadata(target, REVIEWED_PLAN_KEY, opts));
      // The same plan shown again (a re-run) keeps its record and time: no write (unless it needs a signature).
      const signed =
        stored === undefined || s.recordKey === undefined || signatureStatus(stored, scope, s.recordKey) === 'valid';
      if (signed && sameReview(stored, plan)) {
        info(`review: this plan of ${s.environment} is recorded already for its deploy to compare with`, true);
        return;
      }
      await writeMetadata(target, REVIEWED_PLAN_KEY, plan, opts);
      info(`review: recorded this plan of ${s.environment} for its deploy to compare with`, true);
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      // The plan itself succeeded; the deploy will report (or refuse) the missing record.
      loud(
        `${s.environment}: could not record the reviewed plan: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }
}
