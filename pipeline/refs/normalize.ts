import { RefError } from './errors.js';
import { validateRef } from './validate.js';

/**
 * Turns user input into a full, validated ref:
 * - a full ref (`refs/heads/x`, `refs/tags/x`, `refs/pull/1/merge`, any `refs/…`) is kept as is;
 * - `heads/x` and `tags/x` become `refs/heads/x` and `refs/tags/x`;
 * - any other name is a branch: `main` → `refs/heads/main`, `feature/a` → `refs/heads/feature/a`
 *   (so a tag must be written `tags/<tag>` or `refs/tags/<tag>`).
 *
 * `HEAD` is refused: it names no branch or tag, and the checkout's HEAD is used when no ref is given.
 * Throws {@link RefError} for empty input or an invalid result (see {@link validateRef}).
 */
export function normalizeRef(input: string): string {
  if (input === '') throw new RefError('invalid ref: it is empty', input);
  if (input === 'HEAD' || input === 'refs/HEAD') {
    throw new RefError(
      "'HEAD' is not a branch or tag: omit the ref to use the checkout's HEAD, or name a branch or tag (tags/<tag>)",
      input,
    );
  }
  const ref = expand(input);
  validateRef(ref);
  return ref;
}

function expand(input: string): string {
  if (input.startsWith('refs/')) return input;
  if (input.startsWith('heads/') || input.startsWith('tags/')) return `refs/${input}`;
  return `refs/heads/${input}`;
}
