import { envReferenceProblem } from './options/env-references.js';
import { rejectUnknownKeys, type KeyList } from './options/unknown-keys.js';

/** What a notification reports (the body's `event`). */
export type NotifyEvent = 'run-finished' | 'ready-to-promote' | 'drift' | 'frozen' | 'unfrozen';

/** Every {@link NotifyEvent}, in the order the docs list them. */
export const NOTIFY_EVENTS: readonly NotifyEvent[] = [
  'run-finished',
  'ready-to-promote',
  'drift',
  'frozen',
  'unfrozen',
];

/** A webhook the pipeline POSTs JSON to (`defineProject({ notify })`); a failed one is only a warning. */
export interface NotifyTarget {
  /**
   * An http(s) URL. `${NAME}` is replaced by the environment variable NAME when it is sent, so a
   * secret URL (a Slack incoming webhook) stays out of `main.ts`: `'${SLACK_WEBHOOK_URL}'`.
   */
  readonly url: string;
  /** The events it receives; default all. */
  readonly events?: readonly NotifyEvent[];
  /** Extra request headers; values may name variables as `${NAME}` (`Authorization: 'Bearer ${TOKEN}'`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The keys a notification target takes; any other is an error (an option is added here and in the type above). */
export const NOTIFY_TARGET_KEYS: KeyList<NotifyTarget> = { url: true, events: true, headers: true };

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Checks a project's `notify` setting: an array; per target no unknown key, an http(s) URL (or one
 * starting with a `${NAME}` reference), known events, valid header names and one-line string
 * values, well-formed `${NAME}` references. Throws a TypeError naming the entry, never its URL.
 */
export function validateNotifyTargets(targets: readonly NotifyTarget[]): void {
  if (!Array.isArray(targets)) throw new TypeError('notify must be an array of { url, events?, headers? }');
  for (const [i, t] of targets.entries()) {
    const where = `notify[${i}]`;
    rejectUnknownKeys(t, NOTIFY_TARGET_KEYS, where);
    const urlProblem = notifyUrlProblem(t?.url);
    if (urlProblem !== undefined) throw new TypeError(`${where}: url ${urlProblem}`);
    if (t.events !== undefined) validateEvents(t.events, where);
    if (t.headers !== undefined) validateHeaders(t.headers, where);
  }
}

/** Why `url` cannot be a webhook's URL, or `undefined`. */
function notifyUrlProblem(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.trim() === '') return 'must be a non-empty string';
  const reference = envReferenceProblem(url);
  if (reference !== undefined) return reference;
  // A URL that starts with a reference takes its scheme from the variable: it is checked when sent.
  if (url.startsWith('${')) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.replaceAll(/\$\{[^}]*\}/g, 'x'));
  } catch {
    return 'is not a URL';
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? undefined : 'must be http or https';
}

function validateEvents(events: readonly NotifyEvent[], where: string): void {
  if (!Array.isArray(events) || events.length === 0) {
    throw new TypeError(`${where}: events must be a non-empty array (leave it out for every event)`);
  }
  for (const event of events) {
    if (!NOTIFY_EVENTS.includes(event)) {
      throw new TypeError(`${where}: unknown event ${JSON.stringify(event)}; known: ${NOTIFY_EVENTS.join(', ')}`);
    }
  }
}

function validateHeaders(headers: Readonly<Record<string, string>>, where: string): void {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new TypeError(`${where}: headers must be an object of header names to string values`);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw new TypeError(`${where}: invalid header name ${JSON.stringify(name)}`);
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new TypeError(`${where}: header '${name}' must be a string on one line`);
    }
    const reference = envReferenceProblem(value);
    if (reference !== undefined) throw new TypeError(`${where}: header '${name}': ${reference}`);
  }
}
