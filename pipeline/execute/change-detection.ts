import { baselinesOf, changeVerdict, needsState, type ChangeVerdict } from '../decide/unchanged.js';
import type { HistoryEntry } from '../records/history.js';
import type { Session, TerraformSetup } from '../session.js';
import { changeFingerprint, outsideReads } from '../stackdir/fingerprint.js';
import { stateIdentity } from '../stackdir/local-state.js';
import { readStackState, type MetadataTarget } from '../stackdir/metadata.js';
import type { StackDir } from '../stackdir/stack-dir.js';

/** A stack's change fingerprint in this session (its directory as synthesized, the binary, the variables). */
export function fingerprintOf(session: Session, setup: TerraformSetup, stack: StackDir): string {
  return changeFingerprint(stack, { terraform: setup.terraform, env: session.settings.env });
}

/**
 * The change detection of one stack's run: compares its fingerprint with the successful applies its
 * environment's history recorded for it and, only when one has it, its state's lineage and serial
 * with what those applies left (read through the metadata store's directory: no terraform in the
 * stack's own). Reads nothing more than the history when the configuration changed.
 */
export function changeDetector(
  session: Session,
  setup: TerraformSetup,
  stack: StackDir,
  history: () => Promise<readonly HistoryEntry[]>,
  metadata: MetadataTarget,
): (signal?: AbortSignal) => Promise<ChangeVerdict> {
  return async (signal) => {
    const input = {
      fingerprint: fingerprintOf(session, setup, stack),
      baselines: baselinesOf(await history(), stack.name, session.settings.recordKey),
      reads: outsideReads(stack.config),
    };
    if (!needsState(input)) return changeVerdict(input);
    const state = await readStackState(metadata, signal ? { signal } : {});
    return changeVerdict({ ...input, state: state === null ? null : stateIdentity(state) });
  };
}
