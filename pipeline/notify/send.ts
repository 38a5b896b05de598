import type { NotifyTarget } from '../../stacks/notify-settings.js';
import { resolveEnvReferences } from '../../stacks/options/env-references.js';
import type { Notification } from './types.js';

/** Options of {@link sendNotifications}. */
export interface SendOptions {
  /** Where `${NAME}` in URLs and headers is looked up (the pipeline's environment). */
  readonly env: NodeJS.ProcessEnv;
  /** Stops waiting and retrying (the run was interrupted). */
  readonly signal?: AbortSignal | undefined;
  /** Time one attempt may take; default {@link DEFAULT_NOTIFY_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Attempts after the first on a network error, a timeout or a 5xx answer; default 2. */
  readonly retries?: number;
  /** The `fetch` to use; default Node's global one. */
  readonly fetch?: typeof fetch;
}

/** What happened to one target. */
export interface NotifyResult {
  /** The target's URL as the project wrote it: `${NAME}` not resolved, so a secret never reaches a log. */
  readonly url: string;
  readonly ok: boolean;
  /** The HTTP status of the last answer. */
  readonly status?: number;
  /** Why it failed, in one line without any resolved value. */
  readonly error?: string;
  /** Requests made (0 when it was skipped). */
  readonly attempts: number;
}

/** Default time one attempt may take. */
export const DEFAULT_NOTIFY_TIMEOUT_MS = 5000;

/** Wait before the first retry; it doubles for each further one. */
const BACKOFF_MS = 200;

/**
 * POSTs `notification` as JSON to every target whose `events` include its event (all when it has
 * none), side by side. Never throws: a target that fails (a missing variable, a timeout, a 4xx, a
 * 5xx after the retries) is a result with `ok: false` and the reason.
 */
export async function sendNotifications(
  targets: readonly NotifyTarget[],
  notification: Notification,
  options: SendOptions,
): Promise<NotifyResult[]> {
  const chosen = targets.filter(
    (t) => t.events === undefined || (Array.isArray(t.events) && t.events.includes(notification.event)),
  );
  const body = JSON.stringify(notification);
  // A target the project did not build through defineProject (a header that is not a string) is a result too.
  const unexpected = (target: NotifyTarget, error: unknown): NotifyResult => ({
    url: target.url,
    ok: false,
    error: `could not send: ${error instanceof Error ? error.name : 'unexpected error'}`,
    attempts: 0,
  });
  return Promise.all(chosen.map((target) => sendOne(target, body, options).catch((e) => unexpected(target, e))));
}

async function sendOne(target: NotifyTarget, body: string, options: SendOptions): Promise<NotifyResult> {
  const failed = (error: string, attempts = 0, status?: number): NotifyResult => ({
    url: target.url,
    ok: false,
    ...(status !== undefined ? { status } : {}),
    error,
    attempts,
  });
  const request = resolveRequest(target, options.env);
  if ('error' in request) return failed(request.error);
  const timeoutMs = options.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS;
  const attemptsAllowed = 1 + Math.max(0, Math.floor(options.retries ?? 2));
  let last: Attempt = { retry: false, error: 'not sent' };
  for (let attempt = 1; attempt <= attemptsAllowed; attempt++) {
    if (attempt > 1 && !(await pause(BACKOFF_MS * 2 ** (attempt - 2), options.signal)))
      return failed('interrupted', attempt - 1);
    if (options.signal?.aborted) return failed('interrupted', attempt - 1);
    last = await post(request, body, timeoutMs, options);
    if (last.ok) return { url: target.url, ok: true, status: last.status!, attempts: attempt };
    if (!last.retry) return failed(last.error, attempt, last.status);
  }
  return failed(last.error, attemptsAllowed, last.status);
}

interface ResolvedRequest {
  readonly url: string;
  readonly headers: Headers;
}

/** The target's URL and headers with `${NAME}` resolved, or why they cannot be (naming the variable, not a value). */
function resolveRequest(target: NotifyTarget, env: NodeJS.ProcessEnv): ResolvedRequest | { error: string } {
  const missing = (name: string) => ({ error: `environment variable ${name} is not set (or is empty)` });
  const url = resolveEnvReferences(target.url, env);
  if (!url.ok) return missing(url.missing);
  let protocol: string;
  try {
    protocol = new URL(url.value).protocol;
  } catch {
    return { error: 'url is not a valid URL once its variables are resolved' };
  }
  if (protocol !== 'http:' && protocol !== 'https:') return { error: 'url is not http or https once resolved' };
  const headers = new Headers({ 'content-type': 'application/json', 'user-agent': 'cdktf-gitops' });
  for (const [name, value] of Object.entries(target.headers ?? {})) {
    const resolved = resolveEnvReferences(value, env);
    if (!resolved.ok) return missing(resolved.missing);
    try {
      headers.set(name, resolved.value);
    } catch {
      return { error: `header '${name}' is not a valid header value once resolved` };
    }
  }
  return { url: url.value, headers };
}

interface Attempt {
  readonly ok?: true;
  readonly status?: number;
  readonly retry: boolean;
  readonly error: string;
}

/** One request; a network error, a timeout or a 5xx may be retried, any other answer is final. */
async function post(request: ResolvedRequest, body: string, timeoutMs: number, options: SendOptions): Promise<Attempt> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await (options.fetch ?? fetch)(request.url, {
      method: 'POST',
      headers: request.headers,
      body,
      signal,
      // A redirect would carry the headers (a token) elsewhere: it is an answer, not followed.
      redirect: 'manual',
    });
    await response.body?.cancel().catch(() => undefined);
    const status = response.status;
    if (status >= 200 && status < 300) return { ok: true, status, retry: false, error: '' };
    return { status, retry: status >= 500, error: `answered HTTP ${status}` };
  } catch (error) {
    if (options.signal?.aborted) return { retry: false, error: 'interrupted' };
    if (timeout.aborted) return { retry: true, error: `timed out after ${timeoutMs} ms` };
    return { retry: true, error: networkError(error) };
  }
}

/** A network error's code (`ECONNREFUSED`), never its message: that may name the resolved host or URL. */
function networkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return code !== undefined ? `network error ${code}` : 'network error';
}

/** Waits `ms`; false when `signal` aborts first. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
