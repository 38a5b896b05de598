import { headBranchRef, tagsAtHead } from '../git/index.js';
import { RefError } from './errors.js';
import { refFromEnvironment } from './from-environment.js';
import { normalizeRef } from './normalize.js';
import { validateRef } from './validate.js';
import { visible } from './visible.js';

export { refFromEnvironment, type CiRefSource } from './from-environment.js';

/** A full, validated ref and where it came from. */
export interface ResolvedRef {
  /** The full ref (`refs/heads/main`, `refs/tags/apps-deploy-1`, …). */
  ref: string;
  /** `option`: given explicitly; `github`/`gitlab`: CI variables; `git-head`: the checkout. */
  source: 'option' | 'github' | 'gitlab' | 'git-head';
}

/** Options of {@link resolveRef}. */
export interface ResolveRefOptions {
  /** An explicit ref (`--ref`), normalized by {@link normalizeRef}. */
  ref?: string;
  /** Environment holding CI variables; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The checkout, used when neither an option nor CI variables give a ref. */
  cwd: string;
}

/**
 * The ref to run for, in order: the explicit option, CI variables ({@link refFromEnvironment}),
 * then the checkout: the branch HEAD is on, or, for a detached HEAD, the one tag pointing at it.
 * Always validated. Throws {@link RefError} for a detached HEAD with no tag or with several.
 */
export async function resolveRef(opts: ResolveRefOptions): Promise<ResolvedRef> {
  if (opts.ref !== undefined) return { ref: normalizeRef(opts.ref), source: 'option' };
  const fromCi = refFromEnvironment(opts.env ?? process.env);
  if (fromCi !== undefined) {
    validateRef(fromCi.ref);
    return fromCi;
  }
  const ref = await refFromCheckout(opts.cwd);
  validateRef(ref);
  return { ref, source: 'git-head' };
}

async function refFromCheckout(cwd: string): Promise<string> {
  const branch = await headBranchRef(cwd);
  if (branch !== undefined) return branch;
  const tags = await tagsAtHead(cwd);
  if (tags.length === 1) return `refs/tags/${tags[0]}`;
  if (tags.length === 0) throw new RefError('detached HEAD with no ref; pass --ref or run in CI');
  throw new RefError(
    `detached HEAD has ${tags.length} tags (${tags.map((t) => `'${visible(t)}'`).join(', ')}); ` +
      `pass --ref to choose one, e.g. --ref tags/${visible(tags[0]!)}`,
  );
}
