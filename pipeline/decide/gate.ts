import type { DeploymentRecord } from '../../stacks/deployment-record-format.js';
import { GateRefusedError } from '../errors.js';
import { GitError, isAncestor, isShallow, resolveCommit } from '../git/index.js';
import {
  entrySignature,
  isEvidence,
  PIPELINE_TRIGGERS,
  verificationOf,
  type HistoryEntry,
} from '../records/history.js';
import { formatDuration } from '../time/durations.js';
import { describeSignature, trusted, type SignatureStatus } from '../records/signature.js';
import { possessive } from '../words.js';

/** Input of the promotion gate for a deploy tag of `environment`. */
export interface GateInput {
  readonly cwd: string;
  readonly commit: string;
  readonly tag: string;
  readonly environment: string;
  readonly mainBranch: string;
  readonly previousEnvironment: string;
  /** The previous environment's deployment record (in its state), if any. */
  readonly previousRecord: DeploymentRecord | undefined;
  /** That record's signature under the run's key (`no-key` without one); default `no-key`. */
  readonly previousRecordSignature?: SignatureStatus;
  /** Why the previous environment (made of several stacks) has no record although some of its stacks do. */
  readonly previousPartial?: string;
  /** The previous environment's apply history (oldest first); default none. */
  readonly history?: readonly HistoryEntry[];
  /** The record key of this run; entries and records must be validly signed with it when set. */
  readonly key?: string | undefined;
  /** This run overrides the gate: applies made under an override count as evidence for it. */
  readonly overridden?: boolean;
  /** The previous environment's verification hooks: its apply of the commit must have passed them. */
  readonly verifyHooks?: readonly string[];
  /** How long the previous environment must have run the commit (its soak time), in milliseconds. */
  readonly soakMs?: number;
  /** The time the gate decides at; default now. */
  readonly now?: Date;
}

const FETCH_HINT =
  'fetch full history first: `git fetch --unshallow --tags origin` ' +
  '(GitHub Actions: actions/checkout with fetch-depth: 0; GitLab: GIT_DEPTH: 0)';

/** One apply of the previous environment, from its history or its record. */
interface Apply {
  readonly commit: string;
  readonly ref: string;
  readonly trigger: string;
  readonly time: string;
  readonly succeeded: boolean;
  readonly gateOverridden: boolean;
  readonly signature: SignatureStatus;
  readonly evidence: boolean;
}

/**
 * The promotion gate: the tagged commit is on the main branch, and the previous environment applied
 * exactly that commit through the pipeline (a successful main or deploy-tag apply in its history or
 * its record, validly signed when a key is set). Throws {@link GateRefusedError} naming the condition
 * that failed; a commit the previous environment never applied is refused with the closest ones it did.
 */
export async function checkPromotionGate(input: GateInput): Promise<string> {
  const prev = input.previousEnvironment;
  const shallow = await isShallow(input.cwd);
  const mainRef = await findMainRef(input.cwd, input.mainBranch);
  if (!mainRef) {
    throw new GateRefusedError(
      shallow
        ? `cannot find branch '${input.mainBranch}' in this shallow clone; ${FETCH_HINT}`
        : `cannot find branch '${input.mainBranch}' (neither origin/${input.mainBranch} nor a local branch): ` +
            `the gate needs it to check that ${input.tag} was merged`,
      shallow ? 'undecidable' : 'reachable-from-main',
    );
  }
  if (!(await isAncestor(input.cwd, input.commit, mainRef))) {
    throw new GateRefusedError(
      shallow
        ? `${short(input.commit)} is not reachable from ${mainRef} in this shallow clone, so the gate cannot decide; ` +
            FETCH_HINT
        : `${input.tag} points at ${short(input.commit)}, which is not on ${mainRef}: ` +
            `merge the change to ${input.mainBranch} first, let the pipeline apply it to ${prev}, ` +
            'then tag the merge commit',
      shallow ? 'undecidable' : 'reachable-from-main',
    );
  }
  const applies = appliesOf(input);
  const proof = applies.find((a) => a.evidence && a.commit === input.commit);
  if (!proof) throw await refusal(input, applies, shallow);
  const verified = verificationHeld(input);
  const soaked = soakHeld(input, proof);
  return `${short(input.commit)} is on ${mainRef} and ${prev} applied exactly it (${proof.ref}, ${proof.time})${verified}${soaked}`;
}

/** With verification hooks, the previous environment's apply of the commit must have passed them. */
function verificationHeld(input: GateInput): string {
  const hooks = input.verifyHooks ?? [];
  if (hooks.length === 0) return '';
  const prev = input.previousEnvironment;
  const sha = short(input.commit);
  const v = verificationOf(input.history ?? [], input.commit, input.key);
  if (!v) {
    throw new GateRefusedError(
      `${possessive(prev)} apply of ${sha} was not verified (verification ${hooks.map((h) => `'${h}'`).join(', ')}): ` +
        `run \`cdktf-gitops verify --env ${prev}\` against it, or apply it again`,
      'unverified',
    );
  }
  if (v.status === 'failed') {
    const failed = v.checks.filter((c) => c.status === 'failed').map((c) => `'${c.name}'`);
    throw new GateRefusedError(
      `${possessive(prev)} apply of ${sha} failed verification ${failed.join(', ')} (${v.time}): ${input.environment} gets it ` +
        `only once a later apply or \`cdktf-gitops verify --env ${prev}\` passes`,
      'unverified',
    );
  }
  return `, verified at ${v.time}`;
}

/** With a soak time, the previous environment must have run the commit at least that long. */
function soakHeld(input: GateInput, proof: Apply): string {
  const soak = input.soakMs ?? 0;
  if (soak <= 0) return '';
  const now = input.now ?? new Date();
  const opens = Date.parse(proof.time) + soak;
  if (now.getTime() < opens) {
    throw new GateRefusedError(
      `${input.environment} opens for ${short(input.commit)} at ${new Date(opens).toISOString()} ` +
        `(in ${formatDuration(opens - now.getTime())}): ${input.previousEnvironment} applied it at ${proof.time} ` +
        `and soaks for ${formatDuration(soak)}`,
      'soaking',
    );
  }
  return `, soaked ${formatDuration(soak)}`;
}

/** Every apply the gate knows of, newest first: the record in the state, then the history. */
function appliesOf(input: GateInput): Apply[] {
  const key = input.key;
  const overridden = input.overridden === true;
  const fromHistory = (input.history ?? []).map(
    (e): Apply => ({
      commit: e.commit,
      ref: e.ref,
      trigger: e.trigger,
      time: e.time,
      succeeded: e.result === 'succeeded',
      gateOverridden: e.gateOverridden === true,
      signature: entrySignature(e, key),
      evidence: isEvidence(e, key, overridden),
    }),
  );
  const rec = input.previousRecord;
  const signature = input.previousRecordSignature ?? 'no-key';
  const fromRecord: Apply[] = rec
    ? [
        {
          commit: rec.commit,
          ref: rec.ref,
          trigger: rec.trigger,
          time: rec.time,
          succeeded: true,
          gateOverridden: rec.gateOverridden === true,
          signature,
          evidence:
            PIPELINE_TRIGGERS.has(rec.trigger) && trusted(signature) && (rec.gateOverridden !== true || overridden),
        },
      ]
    : [];
  return [...fromRecord, ...fromHistory.reverse()];
}

/** Why the previous environment's applies do not admit the commit, most specific reason first. */
async function refusal(input: GateInput, applies: readonly Apply[], shallow: boolean): Promise<GateRefusedError> {
  const prev = input.previousEnvironment;
  const sha = short(input.commit);
  const same = applies.filter((a) => a.commit === input.commit);
  const untrusted = same.find((a) => !trusted(a.signature));
  if (untrusted) {
    return new GateRefusedError(
      `${possessive(prev)} record of an apply of ${sha} (${untrusted.ref}, ${untrusted.time}) is ` +
        `${describeSignature(untrusted.signature)}: with a record key set, only signed records are evidence`,
      'untrusted-record',
    );
  }
  if (same.some((a) => a.gateOverridden && a.succeeded && PIPELINE_TRIGGERS.has(a.trigger))) {
    return new GateRefusedError(
      `${prev} applied ${sha} only under --override-gate, which is not evidence for the next gate ` +
        '(override this gate too, or let the pipeline apply it normally)',
      'validated-upstream',
    );
  }
  const evidence = applies.filter((a) => a.evidence);
  if (evidence.length === 0) {
    const last = input.previousRecord;
    const lastApply = last ? ` (its last apply was '${last.trigger}')` : '';
    const partial = !last && input.previousPartial ? ` (${input.previousPartial})` : '';
    return new GateRefusedError(
      `${prev} has no record of a successful pipeline apply${lastApply}${partial}: ` +
        `${input.environment} is promoted only after the pipeline applied the same commit to ${prev}`,
      'validated-upstream',
    );
  }
  const failed = same.some((a) => !a.succeeded) ? ` (its apply of ${sha} failed)` : '';
  const manual = input.previousRecord?.trigger === 'manual' ? ` (its last apply was 'manual')` : '';
  const partial = input.previousPartial ? ` (${input.previousPartial})` : '';
  return new GateRefusedError(
    `${prev} never applied ${sha} through the pipeline${failed}${manual}${partial}; ` +
      `it applied ${await closest(input, evidence, shallow)}: tag a commit that ${prev} applied, ` +
      `or wait for the pipeline to apply ${sha} to ${prev}`,
    'validated-upstream',
  );
}

/** The applied commits closest to the tagged one: those that contain it first, then the newest. */
async function closest(input: GateInput, evidence: readonly Apply[], shallow: boolean): Promise<string> {
  const unique = [...new Map(evidence.map((a) => [a.commit, a])).values()];
  const containing: Apply[] = [];
  for (const a of unique.slice(0, 20)) {
    if (await contains(input.cwd, a.commit, input.commit, shallow)) containing.push(a);
  }
  const picked = [...containing, ...unique.filter((a) => !containing.includes(a))].slice(0, 3);
  return picked
    .map((a) => `${short(a.commit)} (${a.ref}, ${a.time}${containing.includes(a) ? ', which contains it' : ''})`)
    .join(', ');
}

async function contains(cwd: string, applied: string, commit: string, shallow: boolean): Promise<boolean> {
  try {
    return await isAncestor(cwd, commit, applied);
  } catch (error) {
    if (error instanceof GitError && error.kind === 'unknown-revision') {
      if (shallow)
        throw new GateRefusedError(
          `a commit applied upstream is not in this shallow clone; ${FETCH_HINT}`,
          'undecidable',
        );
      return false;
    }
    throw error;
  }
}

async function findMainRef(cwd: string, branch: string): Promise<string | undefined> {
  for (const ref of [`refs/remotes/origin/${branch}`, `refs/heads/${branch}`]) {
    try {
      await resolveCommit(cwd, ref);
      return ref;
    } catch (error) {
      if (!(error instanceof GitError && error.kind === 'unknown-revision')) throw error;
    }
  }
  return undefined;
}

function short(sha: string): string {
  return sha.slice(0, 12);
}
