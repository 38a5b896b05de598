import type { StageResult } from '../model.js';
import {
  TerraformAbortedError,
  TerraformError,
  TerraformLockError,
  WorkspaceMissingError,
} from '../terraform/index.js';

/** Added to a lock error whose backend does not say who holds the lock. */
const FOREIGN_LOCK_NOTE =
  'Another run (a pipeline, or apply --env) holds the lock; the backend does not say which ' +
  "(any Lock Info above describes this run's own request, not the holder).";

/** Why a stage or a stack failed, for its result: terraform's first error diagnostic when there is one. */
export function describeFailure(error: unknown): NonNullable<StageResult['error']> {
  if (error instanceof WorkspaceMissingError) {
    return {
      message: `${error.message}: the recorded environment's workspace is gone`,
      diagnostics: error.diagnostics,
    };
  }
  if (error instanceof TerraformError) {
    const first = error.diagnostics.find((d) => d.severity === 'error');
    let message = first ? `${first.summary}${first.detail ? `: ${first.detail}` : ''}` : error.message;
    // An interrupted command's own diagnostic (e.g. "signal: killed") does not say the run was interrupted.
    if (error instanceof TerraformAbortedError && first) message = `${error.message}: ${message}`;
    // Backends such as pg store no lock info: terraform then prints this run's own request as "Lock Info".
    const note = error instanceof TerraformLockError && !error.holder?.path ? `\n${FOREIGN_LOCK_NOTE}` : '';
    return { message: message + note, diagnostics: error.diagnostics };
  }
  return { message: error instanceof Error ? error.message : String(error), diagnostics: [] };
}
