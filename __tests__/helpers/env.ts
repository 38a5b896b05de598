// The environment of every subprocess a test starts (CLI, git, npm): the walkthrough's sandbox rules.
import { sandboxEnv } from '../../scripts/walkthrough/sandbox.js';

/**
 * No CI variables (they would choose the ref), no user or system git configuration, a fixed git
 * author and no colors (see `sandboxEnv`), then `extra` on top.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...sandboxEnv(false), ...extra };
}
