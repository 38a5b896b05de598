import { environmentRecord, withMovedRecords, type EnvironmentRecord } from '../records/environment-record.js';
import { entrySignature, type HistoryEntry } from '../records/history.js';
import { signatureStatus, type SignatureStatus } from '../records/signature.js';
import type { Session, TerraformSetup } from '../session.js';
import { initDir } from '../stackdir/init.js';
import { readRecord, type StoredRecord } from '../stackdir/record.js';
import type { StackDir } from '../stackdir/stack-dir.js';
import { WorkspaceMissingError } from '../terraform/index.js';
import { mapBounded } from './bounded.js';
import { readHistory } from './stage-runs.js';

/** Reads a stack's record without creating its workspace; `undefined` when the workspace does not exist. */
export async function readStoredRecord(
  session: Session,
  setup: TerraformSetup,
  environment: string,
  stack: StackDir,
  signal?: AbortSignal,
): Promise<StoredRecord | undefined> {
  const tf = session.runner(stack.dir);
  const opts = signal ? { signal } : {};
  await initDir(tf, setup.reuse, opts, stack.config);
  try {
    await tf.workspaceSelect(environment, opts);
  } catch (error) {
    if (error instanceof WorkspaceMissingError) return undefined;
    throw error;
  }
  return readRecord(stack, environment, tf, opts);
}

/**
 * Reads the record of each of an environment's stacks, moved on by its history where change
 * detection moved it without terraform, and combines them (records/environment-record.ts).
 * `history`: the environment's, when the caller has read it already.
 */
export async function readEnvironmentRecord(
  session: Session,
  setup: TerraformSetup,
  environment: string,
  signal?: AbortSignal,
  history?: readonly HistoryEntry[],
): Promise<EnvironmentRecord> {
  const stacks = session.synth().stacks[environment]!;
  const each = await mapBounded(stacks, session.settings.concurrency, async (s) => ({
    stack: s.name,
    stored: await readStoredRecord(session, setup, environment, s, signal),
  }));
  if (!each.some((s) => s.stored?.state)) return environmentRecord(each);
  const entries = history ?? (await readHistory(session, setup, environment, signal));
  return environmentRecord(withMovedRecords(each, entries, session.settings.recordKey));
}

/** The signature of an environment's record: the least trusted of its stacks' (`no-key` without a key). */
export function recordSignature(
  environment: string,
  stored: EnvironmentRecord,
  key: string | undefined,
): SignatureStatus {
  const statuses = stored.stacks.map((s) =>
    s.movedBy
      ? entrySignature(s.movedBy, key)
      : s.stored?.record
        ? signatureStatus(s.stored.record, { kind: 'deployment-record', environment, stack: s.stack }, key)
        : 'no-key',
  );
  for (const worst of ['invalid', 'unsigned', 'valid'] as const) if (statuses.includes(worst)) return worst;
  return 'no-key';
}
