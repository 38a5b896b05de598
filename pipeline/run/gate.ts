import type { DeploymentRecord } from '../../stacks/deployment-record.js';
import { GateRefusedError } from '../errors.js';
import { GitError, isAncestor, isShallow, resolveCommit } from '../git/index.js';

/** Input of the promotion gate for a deploy tag of `environment`. */
export interface GateInput {
  readonly cwd: string;
  readonly commit: string;
  readonly tag: string;
  readonly environment: string;
  readonly mainBranch: string;
  readonly previousEnvironment: string;
  /** The previous environment's deployment record, if any. */
  readonly previousRecord: DeploymentRecord | undefined;
  /** Why the previous environment (made of several stacks) has no record although some of its stacks do. */
  readonly previousPartial?: string;
}

/** Triggers whose applies count as validation upstream (`plan`/`apply --env` do not). */
const PIPELINE_TRIGGERS = new Set(['main', 'deploy-tag']);

const FETCH_HINT =
  'fetch full history first: `git fetch --unshallow --tags origin` ' +
  '(GitHub Actions: actions/checkout with fetch-depth: 0; GitLab: GIT_DEPTH: 0)';

/**
 * Checks the two conditions of docs/design.md's promotion gate and throws {@link GateRefusedError} naming the one
 * that failed: the commit is on the main branch, and the previous environment recorded a pipeline apply of it or a
 * descendant.
 */
export async function checkPromotionGate(input: GateInput): Promise<string> {
  const prev = input.previousEnvironment;
  const shallow = await isShallow(input.cwd);
  const mainRef = await findMainRef(input.cwd, input.mainBranch);
  if (!mainRef) {
    throw new GateRefusedError(
      shallow
        ? `cannot find branch '${input.mainBranch}' in this shallow clone; ${FETCH_HINT}`
        : `cannot find branch '${input.mainBranch}' (neither origin/${input.mainBranch} nor a local branch): ` +
            `the gate needs it to check that ${input.tag} was merged`,
      shallow ? 'undecidable' : 'reachable-from-main',
    );
  }
  if (!(await isAncestor(input.cwd, input.commit, mainRef))) {
    throw new GateRefusedError(
      shallow
        ? `${short(input.commit)} is not reachable from ${mainRef} in this shallow clone, so the gate cannot decide; ` +
            FETCH_HINT
        : `${input.tag} points at ${short(input.commit)}, which is not on ${mainRef}: ` +
            `merge the change to ${input.mainBranch} first, let the pipeline apply it to ${prev}, ` +
            'then tag the merge commit',
      shallow ? 'undecidable' : 'reachable-from-main',
    );
  }
  const rec = input.previousRecord;
  if (!rec || !PIPELINE_TRIGGERS.has(rec.trigger)) {
    throw new GateRefusedError(
      `${prev} has no record of a successful pipeline apply${rec ? ` (its last apply was '${rec.trigger}')` : ''}` +
        `${!rec && input.previousPartial ? ` (${input.previousPartial})` : ''}: ` +
        `${input.environment} is promoted only after ${prev} applied the same commit or a later one`,
      'validated-upstream',
    );
  }
  if (rec.commit !== input.commit && !(await recordDescends(input.cwd, input.commit, rec.commit, shallow))) {
    throw new GateRefusedError(
      `${prev} last applied ${short(rec.commit)} (${rec.ref}), which does not contain ${short(input.commit)}: ` +
        `wait for the pipeline to apply ${short(input.commit)} to ${prev}, then push the tag again`,
      'validated-upstream',
    );
  }
  return `${short(input.commit)} is on ${mainRef} and ${prev} applied ${short(rec.commit)} (${rec.ref})`;
}

async function recordDescends(cwd: string, commit: string, recorded: string, shallow: boolean): Promise<boolean> {
  try {
    return await isAncestor(cwd, commit, recorded);
  } catch (error) {
    if (error instanceof GitError && error.kind === 'unknown-revision') {
      throw new GateRefusedError(
        `the commit ${short(recorded)} recorded upstream is not in this clone` +
          (shallow ? ` (shallow); ${FETCH_HINT}` : '; fetch it (git fetch origin) and run again'),
        'undecidable',
      );
    }
    throw error;
  }
}

async function findMainRef(cwd: string, branch: string): Promise<string | undefined> {
  for (const ref of [`refs/remotes/origin/${branch}`, `refs/heads/${branch}`]) {
    try {
      await resolveCommit(cwd, ref);
      return ref;
    } catch (error) {
      if (!(error instanceof GitError && error.kind === 'unknown-revision')) throw error;
    }
  }
  return undefined;
}

function short(sha: string): string {
  return sha.slice(0, 12);
}
