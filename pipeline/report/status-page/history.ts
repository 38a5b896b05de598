import type { HistoryEntry } from '../../records/history.js';
import type { EnvironmentView } from '../status-model.js';
import { by, triggerName } from './card.js';
import { commitLabel, type PageContext, shortSha } from './context.js';
import { type Html, html, idFor } from './escape.js';
import { icon } from './icons.js';
import { timeAt } from './time.js';
import { possessive } from '../../words.js';

/** Rows shown at once per environment; older ones sit behind a disclosure. */
const RECENT = 10;

/** Each environment's applies, newest first, one section and table each. */
export function historySections(ctx: PageContext): Html[] {
  return ctx.model.environments.map((env) => historySection(env, ctx));
}

function historySection(env: EnvironmentView, ctx: PageContext): Html {
  const id = idFor('history', env.environment);
  const entries = env.history;
  if (entries.length === 0) {
    return section(id, env.environment, html`<p class="empty">No applies recorded yet.</p>`);
  }
  const recent = table(env.environment, entries.slice(0, RECENT), 'newest first', ctx);
  const older = entries.slice(RECENT);
  const rest =
    older.length > 0
      ? html`<details class="older">
<summary>${older.length} older ${older.length === 1 ? 'apply' : 'applies'} of ${env.environment}</summary>
${table(env.environment, older, 'older', ctx)}
</details>`
      : '';
  return section(id, env.environment, html`${recent}${rest}`);
}

function section(id: string, environment: string, content: Html): Html {
  return html`<section class="history" aria-labelledby="${id}"><h3 id="${id}">${environment}</h3>${content}</section>`;
}

const COLUMNS = ['When', 'Commit', 'Ref', 'Trigger', 'Result', 'By', 'Notes'];

function table(environment: string, entries: readonly HistoryEntry[], which: string, ctx: PageContext): Html {
  const rows = entries.map((e) => row(e, ctx));
  return html`<div class="table-scroll"><table class="history-table">
<caption>Applies of ${environment}, ${which}</caption>
<thead><tr>${COLUMNS.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

function row(e: HistoryEntry, ctx: PageContext): Html {
  const result =
    e.result === 'succeeded'
      ? html`<span class="tone-text tone-ok">${icon('check')}succeeded</span>`
      : html`<span class="tone-text tone-bad">${icon('cross')}failed</span>`;
  return html`<tr${e.result === 'failed' ? html` class="failed"` : ''}>
<th scope="row">${timeAt(e.time, ctx.now)}</th>
<td>${commitLabel(e.commit, ctx)}</td>
<td><code class="ref">${e.ref}</code></td>
<td>${triggerName(e.trigger)}</td>
<td>${result}</td>
<td>${by(e.actor, e.runUrl, `${possessive(e.environment)} apply of ${shortSha(e.commit)}`)}</td>
<td>${notes(e)}</td>
</tr>`;
}

/** What was unusual about an apply: an overridden gate, approvals, several stacks. */
function notes(e: HistoryEntry): Html {
  const out: Html[] = [];
  if (e.gateOverridden) out.push(html`<span class="tone-text tone-bad">${icon('override')}gate overridden</span>`);
  for (const approval of e.approvals ?? [])
    out.push(html`<span class="tone-text tone-warn">approved ${approval}</span>`);
  if (e.stacks.length > 1) out.push(html`<span class="meta">${e.stacks.length} stacks</span>`);
  return html`${out.map((n, i) => html`${i > 0 ? html`<br>` : ''}${n}`)}`;
}
