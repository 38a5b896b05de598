import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CommonOptions, Terraform } from '../terraform/index.js';

/**
 * Selects `name`, creating it when missing, unless the directory's data dir (`.terraform`, or
 * `dataDir`) has it selected already from an earlier run: terraform's own `workspace select` of
 * the selected workspace does nothing then (it does not even ask the backend), so neither do we.
 */
export async function selectWorkspace(tf: Terraform, name: string, dataDir: string, opts: CommonOptions = {}): Promise<{ created: boolean }> {
  if (selectedIn(path.resolve(tf.workingDir, dataDir)) === name) return { created: false };
  return tf.workspaceSelectOrCreate(name, opts);
}

/** The workspace terraform last selected in a data dir (its `environment` file); undefined for `default`. */
export function selectedIn(dataDir: string): string | undefined {
  const file = path.join(dataDir, 'environment');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}
