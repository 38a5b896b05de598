import { isDeploymentRecordAddress } from '../../../stacks/deployment-record-format.js';
import type { DestroyApproval, GuardResult } from '../../model.js';
import type { ResourceChange } from '../../terraform/index.js';
import { ALLOW_DESTROY_TRAILER, type TrailerApproval } from './approval-trailers.js';

export type { DestroyApproval, GuardResult } from '../../model.js';

export { ALLOW_DESTROY_TRAILER } from './approval-trailers.js';

/** Input of {@link checkDestroys}. */
export interface DestroyGuardInput {
  readonly environment: string;
  readonly resourceChanges: readonly ResourceChange[];
  /** Whether the environment is protected (see {@link protectedEnvironments}). */
  readonly protected: boolean;
  /** `--allow-destroy` was given. */
  readonly allowDestroy: boolean;
  /** What the trailers of the commits this apply brings say (absent: not looked at). */
  readonly trailer?: TrailerApproval;
}

/**
 * Refuses a plan of a protected environment that deletes or replaces anything, unless approved.
 * The deployment record is the pipeline's own and never counts. Returns `undefined` when the
 * plan deletes and replaces nothing (nothing to guard).
 */
export function checkDestroys(input: DestroyGuardInput): GuardResult | undefined {
  const destroys: string[] = [];
  const replaces: string[] = [];
  for (const change of input.resourceChanges) {
    if (isDeploymentRecordAddress(change.address)) continue;
    const deletes = change.actions.includes('delete');
    // The -json stream names a replacement `replace`; show -json lists delete and create.
    if (change.actions.includes('replace') || (deletes && change.actions.includes('create')))
      replaces.push(change.address);
    else if (deletes) destroys.push(change.address);
  }
  if (destroys.length + replaces.length === 0) return undefined;
  if (!input.protected) return { destroys, replaces, refused: false };
  const byTrailer = input.trailer?.commit;
  const approvedBy: DestroyApproval | undefined = input.allowDestroy
    ? 'flag'
    : byTrailer !== undefined
      ? 'trailer'
      : undefined;
  const notes = input.trailer?.notes ?? [];
  return {
    destroys,
    replaces,
    ...(approvedBy ? { approvedBy } : {}),
    ...(approvedBy === 'trailer' ? { trailerCommit: byTrailer! } : {}),
    ...(approvedBy === undefined && notes.length > 0 ? { notes } : {}),
    refused: approvedBy === undefined,
  };
}

/** One line for the log and the refusal: what would go, and how to approve it. */
export function describeGuard(environment: string, guard: GuardResult): string {
  const what = [
    ...(guard.destroys.length > 0 ? [`deletes ${guard.destroys.join(', ')}`] : []),
    ...(guard.replaces.length > 0 ? [`replaces ${guard.replaces.join(', ')}`] : []),
  ].join(' and ');
  if (guard.refused) {
    const why = guard.notes && guard.notes.length > 0 ? ` (${guard.notes.join('; ')})` : '';
    return (
      `destroy guard: the plan for protected environment ${environment} ${what}; approve it with ` +
      `--allow-destroy, or with a trailer '${ALLOW_DESTROY_TRAILER}: ${environment}' in a commit that this ` +
      `apply brings to ${environment} (for a merge, in the merge commit's message)${why}`
    );
  }
  const by =
    guard.approvedBy === 'flag'
      ? 'APPROVED by --allow-destroy'
      : guard.approvedBy === 'trailer'
        ? `APPROVED by the trailer '${ALLOW_DESTROY_TRAILER}: ${environment}' of ${guard.trailerCommit?.slice(0, 12)}`
        : 'environment not protected';
  return `destroy guard: the plan for ${environment} ${what} (${by})`;
}

/** Protected environments: the project's list, or every environment after the first (the internal one). */
export function protectedEnvironments(environments: readonly string[], configured?: readonly string[]): string[] {
  return configured === undefined ? environments.slice(1) : [...configured];
}
