import { isDeploymentRecordAddress } from '../../../stacks/deployment-record-format.js';
import type { ReviewResult } from '../../model.js';
import type { ResourceChange } from '../../terraform/index.js';

export type { ReviewResult } from '../../model.js';

/** Metadata key (pipeline/stackdir/metadata.ts) of an environment's reviewed plan. */
export const REVIEWED_PLAN_KEY = 'reviewed-plan';

/** What a run showed for an environment a later deploy tag applies: kept in the environment's backend. */
export interface ReviewedPlan {
  readonly version: 1;
  readonly commit: string;
  readonly ref: string;
  /** sha256 of the synthesized `cdk.tf.json` (the deployment record is a -var, not in it). */
  readonly fingerprint: string;
  /** The environment's state when it was planned (absent: no state yet). */
  readonly lineage?: string;
  readonly serial?: number;
  /** Planned changes, addresses and actions only, without the deployment record. */
  readonly resourceChanges: readonly ResourceChange[];
  readonly recordedAt: string;
  /** The CI run that showed it, when known. */
  readonly runUrl?: string;
  /** HMAC of the rest, the environment and the stack, when the run that recorded it had a record key. */
  readonly signature?: string;
}

/** The plan about to be applied, in the terms of a {@link ReviewedPlan}. */
export type CurrentPlan = Omit<ReviewedPlan, 'version' | 'recordedAt' | 'runUrl' | 'signature'>;

/** Resource changes without the deployment record, in address order. */
export function reviewableChanges(changes: readonly ResourceChange[]): ResourceChange[] {
  return changes
    .filter((c) => !isDeploymentRecordAddress(c.address))
    .map((c) => ({ address: c.address, actions: [...c.actions] }))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** Parses a stored record; `undefined` for anything else (an unknown version reads as none). */
export function parseReviewedPlan(value: unknown): ReviewedPlan | undefined {
  const v = value as Partial<ReviewedPlan> | undefined;
  if (!v || typeof v !== 'object' || v.version !== 1) return undefined;
  if (typeof v.commit !== 'string' || typeof v.fingerprint !== 'string' || !Array.isArray(v.resourceChanges))
    return undefined;
  return v as ReviewedPlan;
}

/** Compares the plan about to be applied with the reviewed one. */
export function compareReview(reviewed: ReviewedPlan | undefined, current: CurrentPlan): ReviewResult {
  if (!reviewed) {
    return {
      matches: false,
      differences: [
        'no reviewed plan is recorded for this environment ' +
          '(main, or the previous deploy tag, records one when it plans it)',
      ],
    };
  }
  const differences: string[] = [];
  if (reviewed.lineage !== current.lineage) {
    differences.push(
      `the state was replaced since the review (lineage ${reviewed.lineage ?? 'none'} → ` +
        `${current.lineage ?? 'none'})`,
    );
  } else if (reviewed.serial !== current.serial) {
    differences.push(
      `the state changed since the review (serial ${reviewed.serial ?? 'none'} → ${current.serial ?? 'none'}): ` +
        'something applied in between',
    );
  }
  if (reviewed.commit !== current.commit) {
    differences.push(
      `the review was of another commit (${reviewed.commit.slice(0, 12)}, this is ${current.commit.slice(0, 12)})`,
    );
  }
  if (reviewed.fingerprint !== current.fingerprint)
    differences.push('the synthesized stack differs from the reviewed one');
  differences.push(...resourceDifferences(reviewed.resourceChanges, current.resourceChanges));
  return {
    matches: differences.length === 0,
    recordedAt: reviewed.recordedAt,
    reviewedCommit: reviewed.commit,
    reviewedRef: reviewed.ref,
    differences,
  };
}

/** One sentence per address whose planned actions differ. */
function resourceDifferences(reviewed: readonly ResourceChange[], current: readonly ResourceChange[]): string[] {
  const before = new Map(reviewableChanges(reviewed).map((c) => [c.address, c.actions.join('+')]));
  const now = new Map(reviewableChanges(current).map((c) => [c.address, c.actions.join('+')]));
  const out: string[] = [];
  for (const address of [...new Set([...before.keys(), ...now.keys()])].sort()) {
    const b = before.get(address);
    const n = now.get(address);
    if (b === n) continue;
    if (b === undefined) out.push(`${address}: ${n} now, not in the reviewed plan`);
    else if (n === undefined) out.push(`${address}: ${b} in the reviewed plan, no longer planned`);
    else out.push(`${address}: reviewed ${b}, now ${n}`);
  }
  return out;
}

/** Whether two records describe the same plan (their times and CI runs aside). */
export function sameReview(a: ReviewedPlan | undefined, b: ReviewedPlan): boolean {
  return a !== undefined && a.ref === b.ref && compareReview(a, b).matches;
}

/** One line for the log: matches, or how it differs. */
export function describeReview(environment: string, review: ReviewResult): string {
  if (review.matches) {
    const at = `${review.reviewedRef ?? '?'} (${review.recordedAt ?? '?'})`;
    return `review: ${environment} applies exactly the plan reviewed at ${at}`;
  }
  const when = review.recordedAt ? ` (reviewed at ${review.reviewedRef ?? '?'}, ${review.recordedAt})` : '';
  return `review: ${environment} does NOT apply what was reviewed${when}: ${review.differences.join('; ')}`;
}
