import type { Session } from '../session.js';
import { sendNotifications } from './send.js';
import type { Notification } from './types.js';

/**
 * Sends `notification` to the project's `notify` targets that want its event. A target that cannot
 * be reached is a warning: a notification never changes an operation's result or exit code.
 */
export async function notifyProject(session: Session, notification: Notification, signal?: AbortSignal): Promise<void> {
  const targets = session.definition.notify ?? [];
  if (targets.length === 0) return;
  const results = await sendNotifications(targets, notification, { env: session.settings.env, signal });
  for (const r of results) {
    if (r.ok || r.attempts === 0) continue;
    const why = r.error ?? `HTTP ${r.status}`;
    session.emit({ type: 'warning', message: `notification '${notification.event}' to ${r.url} failed: ${why}` });
  }
  for (const r of results.filter((x) => !x.ok && x.attempts === 0)) {
    session.emit({ type: 'warning', message: `notification '${notification.event}' to ${r.url} not sent: ${r.error}` });
  }
}
