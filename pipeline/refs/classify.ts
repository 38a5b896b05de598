import type { RefContext, Trigger } from './types.js';

const HEADS = 'refs/heads/';
const TAGS = 'refs/tags/';
/** Separates the environment from the suffix in a deploy tag: `<env>-deploy-<suffix>`. */
const DEPLOY_INFIX = '-deploy-';

/** The deploy tag glob of each environment that has one (all but the internal `[0]`). */
export function deployTagPatterns(ctx: RefContext): string[] {
  return ctx.environments.slice(1).map((env) => `${env}${DEPLOY_INFIX}*`);
}

/** The main branch's short name, whether configured as `main` or `refs/heads/main`. */
export function mainBranchName(ctx: RefContext): string {
  return ctx.mainBranch.startsWith(HEADS) ? ctx.mainBranch.slice(HEADS.length) : ctx.mainBranch;
}

/**
 * What a full ref (see `normalizeRef`) triggers. Pure. Branches are `main` or `feature-branch`;
 * a tag `<env>-deploy-<suffix>` is `deploy-tag` for any environment but the internal one, the
 * longest matching environment name winning (`apps-prod-deploy-1` is apps-prod, not apps);
 * everything else (other tags, `refs/pull/*`, other namespaces, short names) is `none` with a reason.
 */
export function classifyRef(ref: string, ctx: RefContext): Trigger {
  if (ref.startsWith(HEADS) && ref.length > HEADS.length) {
    const branch = ref.slice(HEADS.length);
    return branch === mainBranchName(ctx) ? { kind: 'main', ref, branch } : { kind: 'feature-branch', ref, branch };
  }
  if (ref.startsWith(TAGS) && ref.length > TAGS.length) return classifyTag(ref, ref.slice(TAGS.length), ctx);
  return { kind: 'none', ref, reason: `${describeOther(ref)}; ${whatRuns(ctx)}` };
}

function classifyTag(ref: string, tag: string, ctx: RefContext): Trigger {
  const patterns = `(${deployTagPatterns(ctx).join(', ')})`;
  const environment = longestEnvironmentPrefix(tag, ctx.environments);
  if (environment === undefined) {
    return { kind: 'none', ref, reason: `tag '${tag}' matches no deploy tag pattern ${patterns}` };
  }
  if (environment === ctx.environments[0]) {
    return {
      kind: 'none',
      ref,
      reason:
        `tag '${tag}' names the internal environment '${environment}', which is changed only through the ` +
        `'${mainBranchName(ctx)}' branch; deploy tags are ${patterns}`,
    };
  }
  const suffix = tag.slice(environment.length + DEPLOY_INFIX.length);
  if (suffix === '') {
    return {
      kind: 'none',
      ref,
      reason:
        `tag '${tag}' has an empty suffix: deploy tags need one, ` +
        `e.g. '${environment}${DEPLOY_INFIX}1' ${patterns}`,
    };
  }
  return { kind: 'deploy-tag', ref, tag, environment, suffix };
}

/** The longest environment `e` such that `tag` starts with `e-deploy-`. */
function longestEnvironmentPrefix(tag: string, environments: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const env of environments) {
    if (tag.startsWith(`${env}${DEPLOY_INFIX}`) && (best === undefined || env.length > best.length)) best = env;
  }
  return best;
}

function describeOther(ref: string): string {
  if (ref.startsWith('refs/pull/')) return `'${ref}' is a pull request ref, which runs no stages`;
  if (ref.startsWith('refs/merge-requests/')) return `'${ref}' is a merge request ref, which runs no stages`;
  if (!ref.startsWith('refs/')) return `'${ref}' is not a full ref (refs/heads/<branch> or refs/tags/<tag>)`;
  return `'${ref}' is neither a branch (refs/heads/*) nor a tag (refs/tags/*)`;
}

function whatRuns(ctx: RefContext): string {
  return `stages run for branches (refs/heads/*) and deploy tags (${deployTagPatterns(ctx).join(', ')})`;
}
