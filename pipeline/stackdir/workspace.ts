import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CommonOptions, Terraform } from '../terraform/index.js';

/**
 * Selects `name`, creating it when missing, in one process (`workspace select -or-create`), unless
 * the directory's data dir (`.terraform`, or `dataDir`; `undefined`: do not trust it) has it
 * selected already from an earlier run: terraform's own `workspace select` of the selected
 * workspace does nothing then (it does not even ask the backend), so neither do we.
 */
export async function selectWorkspace(
  tf: Terraform,
  name: string,
  dataDir: string | undefined,
  opts: CommonOptions = {},
): Promise<void> {
  if (dataDir !== undefined && selectedIn(path.resolve(tf.workingDir, dataDir)) === name) return;
  await tf.workspaceSelect(name, { ...opts, orCreate: true });
}

/** The workspace terraform last selected in a data dir (its `environment` file); undefined for `default`. */
export function selectedIn(dataDir: string): string | undefined {
  const file = path.join(dataDir, 'environment');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}
