import type { StageResult, Verification } from '../model.js';
import { trusted } from '../records/signature.js';
import {
  appendHistory,
  entrySignature,
  HISTORY_KEY,
  parseHistory,
  type ApplyApproval,
  type EntryVerification,
  type HistoryEntry,
} from '../records/history.js';
import type { Session, TerraformSetup } from '../session.js';
import { updateMetadata } from '../stackdir/metadata.js';
import { fingerprintOf } from './change-detection.js';
import { metadataTarget, readHistory, type StageSpec } from './stage-runs.js';

/**
 * Adds an applying stage to its environment's history: a successful apply is evidence for the next
 * gate (with the states its stacks were left in); a failed one whose apply started is kept for the
 * record. A history that cannot be written is a warning: the record in the state still names the apply.
 */
export async function recordHistory(
  session: Session,
  setup: TerraformSetup,
  spec: StageSpec,
  stage: StageResult,
  signal?: AbortSignal,
): Promise<void> {
  const dirs = session.synth().stacks[stage.environment]!;
  const parts = stage.stacks ?? [{ ...stage, stack: dirs[0]!.name }];
  // An unchanged stage moved its record: the history says the environment runs this commit now.
  const applied = stage.status === 'applied' || stage.status === 'unchanged';
  // A failed stage whose apply never started changed nothing: nothing to keep.
  if (!applied && !(stage.status === 'failed' && parts.some((p) => p.state !== undefined))) return;
  if (spec.trigger === 'feature-branch' || spec.trigger === 'preview') return;
  const target = metadataTarget(session, setup, stage.environment);
  if (stage.status === 'unchanged' && (await alreadyRecorded(session, setup, spec, signal))) return;
  const approvals: ApplyApproval[] = [
    ...(parts.some((p) => p.guard?.approvedBy === 'flag') ? (['allow-destroy'] as const) : []),
    ...(parts.some((p) => p.lostStateAccepted !== undefined) ? (['accept-lost-state'] as const) : []),
    ...(spec.freezeIgnored ? (['ignore-freeze'] as const) : []),
  ];
  const { ci, recordKey } = session.settings;
  const entry: Omit<HistoryEntry, 'signature'> = {
    version: 1,
    environment: stage.environment,
    commit: spec.commit,
    ref: spec.ref,
    trigger: spec.trigger,
    time: new Date().toISOString(),
    result: applied ? 'succeeded' : 'failed',
    ...(ci.actor ? { actor: ci.actor } : {}),
    ...(ci.runUrl ? { runUrl: ci.runUrl } : {}),
    ...(spec.gateOverridden ? { gateOverridden: true as const } : {}),
    ...(approvals.length > 0 ? { approvals } : {}),
    stacks: parts.map((p) => {
      const dir = dirs.find((d) => d.name === p.stack);
      const known = p.state?.lineage !== undefined && dir !== undefined;
      return {
        stack: p.stack,
        ...p.state,
        ...(known ? { fingerprint: fingerprintOf(session, setup, dir) } : {}),
        ...(p.status === 'unchanged' && p.unchangedSince ? { since: p.unchangedSince } : {}),
      };
    }),
    ...(stage.verification ? { verification: entryVerification(stage.verification) } : {}),
  };
  try {
    const append = (current: unknown) => appendHistory(parseHistory(current), entry, recordKey);
    await updateMetadata(target, HISTORY_KEY, append, signal ? { signal } : {});
  } catch (error) {
    // An interrupted run ends as it is: its stage's result says so; the record names what applied.
    const reason = signal?.aborted ? 'interrupted' : error instanceof Error ? error.message : String(error);
    session.emit({
      type: 'warning',
      environment: stage.environment,
      message: `${stage.environment}: could not add this apply to its history: ${reason}`,
    });
  }
}

/** A rerun on the commit the environment's newest successful entry names already: nothing new to keep. */
async function alreadyRecorded(
  session: Session,
  setup: TerraformSetup,
  spec: StageSpec,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const history: HistoryEntry[] = await readHistory(session, setup, spec.plan.environment, signal).catch(() => []);
  const key = session.settings.recordKey;
  const last = [...history].reverse().find((e) => e.result === 'succeeded' && e.trigger !== 'verify');
  return (
    last !== undefined &&
    last.commit === spec.commit &&
    last.ref === spec.ref &&
    last.trigger === spec.trigger &&
    (last.gateOverridden === true) === (spec.gateOverridden === true) &&
    trusted(entrySignature(last, key))
  );
}

/** A verification as the history keeps it: names, statuses and exit codes, not the hooks' output. */
export function entryVerification(v: Verification): EntryVerification {
  return {
    status: v.status,
    time: v.time,
    checks: v.checks.map((c) => ({
      name: c.name,
      status: c.status,
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
    })),
  };
}
