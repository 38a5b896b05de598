import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Gives a local-backend workspace a state file (empty, but a file with content) before terraform
 * touches it, and says whether this call created it. Terraform deletes a state file it created
 * itself if it is still empty when it unlocks, and a run waiting on the deleted file's lock then
 * works on an orphan while a third creates a new file: two applies of one change on a fresh
 * workspace. A file that already has content is never deleted, so the lock stays one lock.
 */
export function ensureLocalWorkspaceState(stackDir: string, workspace: string, terraformVersion: string): boolean {
  const file = localWorkspaceStateFile(stackDir, workspace);
  if (file === undefined || existsSync(file)) return false;
  mkdirSync(path.dirname(file), { recursive: true });
  const state = {
    version: 4,
    terraform_version: terraformVersion,
    serial: 0,
    lineage: randomUUID(),
    outputs: {},
    resources: [],
    check_results: null,
  };
  const tmp = `${file}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  try {
    // link() publishes the complete file or fails with EEXIST: concurrent runs agree on one lineage.
    linkSync(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * The state file of a (non-default) workspace when the stack uses the local backend, as terraform
 * resolves it from the stack directory; `undefined` for any other backend.
 */
export function localWorkspaceStateFile(stackDir: string, workspace: string): string | undefined {
  const local = readLocalBackend(stackDir);
  return local
    ? path.resolve(stackDir, local.workspace_dir ?? 'terraform.tfstate.d', workspace, 'terraform.tfstate')
    : undefined;
}

function readLocalBackend(stackDir: string): { workspace_dir?: string } | undefined {
  try {
    const json = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
      terraform?: { backend?: { local?: { workspace_dir?: string } } };
    };
    return json.terraform?.backend?.local;
  } catch {
    return undefined;
  }
}
