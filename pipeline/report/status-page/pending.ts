import type { EnvironmentView } from '../status-model.js';
import { commitLabel, type PageContext } from './context.js';
import { type Html, html, idFor } from './escape.js';
import { icon } from './icons.js';
import { formatDuration } from './time.js';
import { possessive } from '../../words.js';

/** Most pending commits listed in a card; the grid shows them all. */
const LISTED = 5;

/**
 * What waits to reach `env`: the commits its previous environment runs and it does not, and the tag
 * command that promotes them, with a copy button (the script shows it; without script the command is
 * plain selectable text).
 */
export function pendingBlock(env: EnvironmentView, previous: EnvironmentView | undefined, ctx: PageContext): Html {
  const pending = env.pending;
  if (!pending) return html``;
  const id = idFor('pending', env.environment);
  const count = pending.commits.length;
  if (count === 0) {
    return html`<p class="pending up-to-date">${icon('check')}Up to date with ${pending.from}</p>`;
  }
  const noun = count === 1 ? 'commit' : 'commits';
  const title =
    pending.command !== undefined
      ? `${count} ${noun} waiting from ${pending.from}`
      : `${count} ${noun} on ${pending.from} not applied yet`;
  const listed = pending.commits.slice(0, LISTED).map((c) => html`<li>${commitLabel(c.sha, ctx, c.subject)}</li>`);
  const more = count > LISTED ? html`<li class="meta">and ${count - LISTED} more</li>` : '';
  return html`<section class="pending" aria-labelledby="${id}">
<h4 id="${id}">${icon('clock')}${title}</h4>
<ul class="commit-list">${listed}${more}</ul>
${hints(env, previous)}
${pending.command !== undefined ? command(env.environment, pending.command) : ''}
</section>`;
}

/** Why the command would be refused now: this environment is frozen, or the previous one still soaks. */
function hints(env: EnvironmentView, previous: EnvironmentView | undefined): Html[] {
  const out: Html[] = [];
  if (env.freeze) out.push(html`<p class="hint">${icon('frozen')}Frozen: the tag is refused until unfrozen.</p>`);
  const soak = previous?.soak;
  if (soak && soak.remainingMs > 0) {
    out.push(
      html`<p class="hint">${icon('clock')}${possessive(previous.environment)} soak time ends in
${formatDuration(soak.remainingMs)}: the tag is refused until then.</p>`,
    );
  }
  return out;
}

function command(environment: string, text: string): Html {
  const id = idFor('command', environment);
  const label = `Copy the command that promotes to ${environment}`;
  const button = html`<button type="button" class="copy" data-copy="${id}" aria-label="${label}" hidden>
${icon('copy')}<span class="copy-label">Copy</span></button>`;
  return html`<div class="command"><code id="${id}">${text}</code>${button}</div>`;
}
