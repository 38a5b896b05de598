import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { EnvironmentStackInfo } from './environment-stacks.js';

/** terraform's default workspace directory, under the directory it runs in. */
export const DEFAULT_WORKSPACE_DIR = 'terraform.tfstate.d';

/**
 * Makes terraform's own state commands (`state rm`, `state mv`, …) work in every stack directory
 * that uses the local backend: before they save, they back the state up to
 * `terraform.tfstate.d/<workspace>/` under the directory terraform runs in, whatever the backend's
 * `workspace_dir` says, and fail when that directory is missing. It only ever holds those backups:
 * terraform reads no state from it while the stack configures a backend.
 */
export function prepareStateBackupDirs(stacks: Readonly<Record<string, readonly EnvironmentStackInfo[]>>): void {
  for (const [environment, list] of Object.entries(stacks)) {
    for (const stack of list) {
      if (usesLocalBackend(stack.dir)) {
        mkdirSync(path.join(stack.dir, DEFAULT_WORKSPACE_DIR, environment), { recursive: true });
      }
    }
  }
}

/** Whether the stack's synthesized configuration selects the local backend. */
function usesLocalBackend(stackDir: string): boolean {
  try {
    const json = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
      terraform?: { backend?: Record<string, unknown> };
    };
    return json.terraform?.backend?.local !== undefined;
  } catch {
    // Not synthesized as JSON here: nothing to prepare.
    return false;
  }
}
