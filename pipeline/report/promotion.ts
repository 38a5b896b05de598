import type { RunResult } from '../model.js';

/** The next step after a successful main run: the deploy tag that promotes its commit. */
export interface PromotionHint {
  /** The environment the tag deploys (the second in promotion order). */
  readonly environment: string;
  /** A fresh deploy tag name, `<environment>-deploy-<UTC yyyymmdd-hhmmss>`. */
  readonly tag: string;
  /** The exact commands to type: tag the run's commit, push only that tag. */
  readonly command: string;
}

/**
 * The promotion hint of a run, or `undefined` unless it is a successful main run and a second
 * environment exists (deploy-tag runs get none: each further promotion is a deliberate decision).
 */
export function promotionHint(
  result: RunResult,
  environments: readonly string[],
  now: Date = new Date(),
): PromotionHint | undefined {
  const next = environments[1];
  if (result.trigger !== 'main' || result.status !== 'succeeded' || next === undefined || result.commit === '')
    return undefined;
  const tag = `${next}-deploy-${timestampSuffix(now)}`;
  // A literal name (no `$(date)`) so the command is the same in every shell; pushing one tag, not --tags.
  return { environment: next, tag, command: `git tag ${tag} ${result.commit} && git push origin ${tag}` };
}

/** `20261128-153012` for 2026-11-28T15:30:12Z. */
export function timestampSuffix(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
}
