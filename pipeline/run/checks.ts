import type { PolicyConfig } from '../../stacks/review-settings.js';
import type { CommonOptions, PlanResult, Terraform } from '../terraform/index.js';
import { allowDestroyTrailers, checkDestroys, describeGuard, type GuardResult } from './destroy-guard.js';
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
import type { PipelineEvent } from './types.js';

/** What the checks between plan and apply found; `refusal` set means: do not apply. */
export interface PlanChecks {
  readonly refusal?: string;
  readonly guard?: GuardResult;
  readonly review?: ReviewResult;
  readonly policies?: readonly PolicyResult[];
}

/** The stage's hook: runs after each plan, before any apply. `willApply`: the plan is about to be applied. */
export type PlanCheck = (
  planned: PlanResult,
  tf: Terraform,
  willApply: boolean,
  opts: CommonOptions,
) => Promise<PlanChecks>;

/** Everything the checks of one environment's stage need (built by the pipeline). */
export interface PlanCheckSettings {
  readonly environment: string;
  /** The stage's workspace; known, a local backend's state is read from its file (no `state pull`). */
  readonly workspace?: string;
  readonly stackDir: string;
  readonly commit: string;
  readonly ref: string;
  /** Where policies run and git reads the commit's trailers. */
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly protected: boolean;
  readonly allowDestroy: boolean;
  readonly policies: readonly PolicyConfig[];
  /** `record`: a later deploy applies this plan; `check`: compare with the reviewed plan before applying. */
  readonly review?: 'record' | 'check';
  readonly requireReviewedPlan: boolean;
  readonly metadata: () => Promise<MetadataTarget>;
  readonly runUrl?: string;
  readonly now?: () => Date;
  readonly emit: (event: PipelineEvent) => void;
}

/** The destroy guard, the reviewed-plan record or check, and the policies, as one stage hook. */
export function planChecks(s: PlanCheckSettings): PlanCheck {
  const info = (message: string, ok: boolean) => s.emit({ type: 'check', environment: s.environment, message, ok });
  const loud = (message: string) => s.emit({ type: 'warning', message });
  return async (planned, tf, willApply, opts) => {
    if (s.review === 'record' && !willApply) {
      await record(planned, tf, opts);
      return {};
    }
    if (!willApply) return {};
    const refusals: string[] = [];
    const guard = await destroyGuard(planned);
    if (guard) {
      const line = describeGuard(s.environment, guard);
      if (guard.refused) refusals.push(line);
      else if (guard.approvedBy) loud(line);
      else info(line, true);
    }
    let review: ReviewResult | undefined;
    if (s.review === 'check') {
      const stored = parseReviewedPlan(await readMetadata(await s.metadata(), REVIEWED_PLAN_KEY, opts));
      review = compareReview(stored, await current(planned, tf, opts));
      const line = describeReview(s.environment, review);
      if (review.matches) info(line, true);
      else if (s.requireReviewedPlan) refusals.push(`${line} (a reviewed plan is required)`);
      else loud(line);
    }
    let policies: PolicyResult[] | undefined;
    if (s.policies.length > 0) {
      const input = await tf.showPlanJson(planned.planFile, opts);
      policies = await runPolicies(s.policies, input, { cwd: s.projectDir, env: s.env, ...opts });
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
    };
  };

  async function destroyGuard(planned: PlanResult): Promise<GuardResult | undefined> {
    const input = {
      environment: s.environment,
      resourceChanges: planned.resourceChanges,
      protected: s.protected,
      allowDestroy: s.allowDestroy,
    };
    const first = checkDestroys({ ...input, trailerEnvironments: [] });
    // git is asked only when a protected plan deletes something and the flag did not approve it.
    if (!first?.refused) return first;
    return checkDestroys({ ...input, trailerEnvironments: await allowDestroyTrailers(s.projectDir, s.commit) });
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

  async function record(planned: PlanResult, tf: Terraform, opts: CommonOptions): Promise<void> {
    const plan: ReviewedPlan = {
      version: 1,
      ...(await current(planned, tf, opts)),
      recordedAt: (s.now ?? (() => new Date()))().toISOString(),
      ...(s.runUrl ? { runUrl: s.runUrl } : {}),
    };
    try {
      const target = await s.metadata();
      // The same plan shown again (a re-run) keeps its record and time: no write.
      if (sameReview(parseReviewedPlan(await readMetadata(target, REVIEWED_PLAN_KEY, opts)), plan)) {
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
