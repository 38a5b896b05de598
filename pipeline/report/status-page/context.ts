import type { CommitView, StatusModel } from '../status-model.js';
import { type Html, html } from './escape.js';

/** What every part of the page reads: the model, its time, and its commits by SHA. */
export interface PageContext {
  readonly model: StatusModel;
  /** The model's `generatedAt`: relative times count from it, not from when the page is opened. */
  readonly now: Date;
  /** The commit (with its subject) of a SHA, from the grid's commits or any environment's. */
  commit(sha: string): CommitView | undefined;
}

/** The context of `model`'s page. */
export function pageContext(model: StatusModel): PageContext {
  const known: CommitView[] = [...model.commits];
  for (const env of model.environments) {
    if (env.current) known.push(env.current);
    known.push(...(env.pending?.commits ?? []));
  }
  const parsed = new Date(model.generatedAt);
  return {
    model,
    now: Number.isNaN(parsed.getTime()) ? new Date(0) : parsed,
    commit: (sha) => known.find((c) => sameCommit(c.sha, sha)),
  };
}

/** The first 7 characters of a SHA, as git abbreviates it. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** Whether two SHAs name one commit (either may be abbreviated, to no fewer than 7 characters). */
export function sameCommit(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || a === '' || b === '') return false;
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 7 && long.startsWith(short);
}

/** A commit's short SHA (the full one in its tooltip) and, when known, its subject. */
export function commitLabel(sha: string, ctx: PageContext, subject?: string): Html {
  const text = subject ?? ctx.commit(sha)?.subject;
  const sha7 = html`<code class="sha" title="${sha}">${shortSha(sha)}</code>`;
  return text !== undefined && text !== '' ? html`${sha7} <span class="subject">${text}</span>` : sha7;
}
