import { isDeploymentRecordAddress } from '../../stacks/deployment-record.js';
import { runGit } from '../git/index.js';
import type { ResourceChange } from '../terraform/index.js';

/** Who let a protected environment's deletes or replacements through. */
export type DestroyApproval = 'flag' | 'trailer';

/** The destroy guard's verdict on one plan. */
export interface GuardResult {
  /** Resources the plan deletes (without recreating them). */
  readonly destroys: readonly string[];
  /** Resources the plan replaces (delete and create, in either order). */
  readonly replaces: readonly string[];
  /** `--allow-destroy` (`flag`) or an `Allow-Destroy: <env>` trailer on the applied commit (`trailer`). */
  readonly approvedBy?: DestroyApproval;
  /** True when the plan must not be applied. */
  readonly refused: boolean;
}

/** The commit message trailer that approves deletes in the environments it names. */
export const ALLOW_DESTROY_TRAILER = 'Allow-Destroy';

/** Input of {@link checkDestroys}. */
export interface DestroyGuardInput {
  readonly environment: string;
  readonly resourceChanges: readonly ResourceChange[];
  /** Whether the environment is protected (see {@link protectedEnvironments}). */
  readonly protected: boolean;
  /** `--allow-destroy` was given. */
  readonly allowDestroy: boolean;
  /** Environments named by the applied commit's `Allow-Destroy` trailers. */
  readonly trailerEnvironments: readonly string[];
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
  const approvedBy: DestroyApproval | undefined = input.allowDestroy
    ? 'flag'
    : input.trailerEnvironments.includes(input.environment)
      ? 'trailer'
      : undefined;
  return { destroys, replaces, ...(approvedBy ? { approvedBy } : {}), refused: approvedBy === undefined };
}

/** One line for the log and the refusal: what would go, and how to approve it. */
export function describeGuard(environment: string, guard: GuardResult): string {
  const what = [
    ...(guard.destroys.length > 0 ? [`deletes ${guard.destroys.join(', ')}`] : []),
    ...(guard.replaces.length > 0 ? [`replaces ${guard.replaces.join(', ')}`] : []),
  ].join(' and ');
  if (guard.refused) {
    return (
      `destroy guard: the plan for protected environment ${environment} ${what}; approve it with ` +
      `--allow-destroy or a trailer '${ALLOW_DESTROY_TRAILER}: ${environment}' in the commit message`
    );
  }
  const by =
    guard.approvedBy === 'flag'
      ? 'APPROVED by --allow-destroy'
      : guard.approvedBy === 'trailer'
        ? `APPROVED by the commit trailer '${ALLOW_DESTROY_TRAILER}: ${environment}'`
        : 'environment not protected';
  return `destroy guard: the plan for ${environment} ${what} (${by})`;
}

/** Protected environments: the project's list, or every environment after the first (the internal one). */
export function protectedEnvironments(environments: readonly string[], configured?: readonly string[]): string[] {
  return configured === undefined ? environments.slice(1) : [...configured];
}

/**
 * The environments an `Allow-Destroy` trailer of `commit` names (comma- or space-separated),
 * parsed by git itself so only a real trailer block counts, not a line in the body.
 */
export async function allowDestroyTrailers(cwd: string, commit: string): Promise<string[]> {
  const format = `--format=%(trailers:key=${ALLOW_DESTROY_TRAILER},valueonly,separator=%x0A)`;
  const { stdout } = await runGit(cwd, ['log', '-1', format, '--end-of-options', commit]);
  return stdout
    .split(/[\n,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
