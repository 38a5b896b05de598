import { ConfigError } from '../errors.js';
import { metadataTarget } from '../execute/stage-runs.js';
import { frozenNotification, unfrozenNotification } from '../notify/builders.js';
import { notifyProject } from '../notify/project.js';
import { activeFreeze, FREEZE_KEY, newFreeze, parseFreeze, type FreezeRecord } from '../records/freeze.js';
import type { Session, TerraformSetup } from '../session.js';
import { readMetadata, writeMetadata } from '../stackdir/metadata.js';
import { parseUntil } from '../time/until.js';

/** Options of {@link freezeEnvironment}. */
export interface FreezeOptions {
  readonly reason: string;
  /** An ISO 8601 date-time (with a zone) or a duration from now (`2h`); absent: until `unfreeze`. */
  readonly until?: string;
  readonly signal?: AbortSignal;
}

/** Who does something: the CI actor, else the local user. */
export function actorOf(session: Session): string {
  const { ci, env } = session.settings;
  return ci.actor ?? env.USER ?? env.LOGNAME ?? 'unknown';
}

/** The freeze of an environment that holds now, if any (one past its `until` has ended by itself). */
export async function readFreeze(
  session: Session,
  setup: TerraformSetup,
  environment: string,
  signal?: AbortSignal,
): Promise<FreezeRecord | undefined> {
  const stored = await readMetadata(metadataTarget(session, setup, environment), FREEZE_KEY, signal ? { signal } : {});
  return activeFreeze(parseFreeze(stored), new Date());
}

/** Freezes `environment`: every apply to it is refused until it is unfrozen or the freeze ends. */
export async function freezeEnvironment(
  session: Session,
  environment: string,
  opts: FreezeOptions,
): Promise<FreezeRecord> {
  known(session, environment);
  if (opts.reason.trim() === '') throw new ConfigError('a freeze needs a reason (--reason TEXT)');
  const now = new Date();
  const until = opts.until !== undefined ? parseUntil(opts.until, now) : undefined;
  const setup = await session.terraform(opts);
  session.synth();
  const freeze = newFreeze(
    { environment, reason: opts.reason.trim(), by: actorOf(session), at: now, until },
    session.settings.recordKey,
  );
  await writeMetadata(metadataTarget(session, setup, environment), FREEZE_KEY, freeze, opts);
  await notifyProject(
    session,
    frozenNotification({ environment, reason: freeze.reason, by: freeze.by, until }),
    opts.signal,
  );
  return freeze;
}

/** Ends `environment`'s freeze; resolves to the freeze it ended (undefined: it was not frozen). */
export async function unfreezeEnvironment(
  session: Session,
  environment: string,
  opts: { readonly signal?: AbortSignal } = {},
): Promise<FreezeRecord | undefined> {
  known(session, environment);
  const setup = await session.terraform(opts);
  session.synth();
  const target = metadataTarget(session, setup, environment);
  const ended = activeFreeze(parseFreeze(await readMetadata(target, FREEZE_KEY, opts)), new Date());
  if (!ended) return undefined;
  await writeMetadata(target, FREEZE_KEY, null, opts);
  const by = actorOf(session);
  await notifyProject(session, unfrozenNotification({ environment, by, reason: ended.reason }), opts.signal);
  return ended;
}

/** Throws a ConfigError for an environment the project does not have. */
export function known(session: Session, environment: string): void {
  if (!session.environments.includes(environment)) {
    throw new ConfigError(`unknown environment '${environment}'; known: ${session.environments.join(', ')}`);
  }
}
