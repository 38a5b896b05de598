import { ConfigError } from '../errors.js';
import { entryVerification } from '../execute/history.js';
import { readEnvironmentRecord } from '../execute/read-records.js';
import { metadataTarget } from '../execute/stage-runs.js';
import { hooksOf, verifyEnvironment } from '../execute/verify.js';
import type { Verification } from '../model.js';
import { appendHistory, HISTORY_KEY, parseHistory, type HistoryEntry } from '../records/history.js';
import type { Session } from '../session.js';
import { updateMetadata } from '../stackdir/metadata.js';
import { actorOf, known } from './freeze.js';

/** What `verify --env E` found: the commit E runs and what its hooks said of it. */
export interface VerifyResult {
  readonly environment: string;
  readonly commit: string;
  readonly verification: Verification;
}

/**
 * Runs `environment`'s verification hooks again against what it runs now (the commit of its
 * record), and keeps the result in its history: a passed one lets the next environment's deploy tag
 * through the gate again.
 */
export async function verifyDeployed(
  session: Session,
  environment: string,
  opts: { readonly signal?: AbortSignal } = {},
): Promise<VerifyResult> {
  known(session, environment);
  if (hooksOf(session, environment).length === 0) {
    throw new ConfigError(`${environment} has no verification hooks (defineProject({ verify: [...] }))`);
  }
  const setup = await session.terraform(opts);
  session.synth();
  const stored = await readEnvironmentRecord(session, setup, environment, opts.signal);
  const record = stored.record;
  if (!record) {
    const why = stored.partial ? ` (${stored.partial})` : '';
    throw new ConfigError(`${environment} records no pipeline apply${why}: there is nothing to verify`);
  }
  const target = { environment, commit: record.commit, ref: record.ref };
  const verification = (await verifyEnvironment(session, setup, target, opts.signal))!;
  const { ci, recordKey } = session.settings;
  const entry: Omit<HistoryEntry, 'signature'> = {
    version: 1,
    environment,
    commit: record.commit,
    ref: record.ref,
    trigger: 'verify',
    time: new Date().toISOString(),
    result: verification.status === 'passed' ? 'succeeded' : 'failed',
    actor: actorOf(session),
    ...(ci.runUrl ? { runUrl: ci.runUrl } : {}),
    stacks: [],
    verification: entryVerification(verification),
  };
  const append = (current: unknown) => appendHistory(parseHistory(current), entry, recordKey);
  await updateMetadata(metadataTarget(session, setup, environment), HISTORY_KEY, append, opts);
  return { environment, commit: record.commit, verification };
}
