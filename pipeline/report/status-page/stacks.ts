import type { EnvironmentView } from '../status-model.js';
import { commitLabel, type PageContext, sameCommit } from './context.js';
import { type Html, html } from './escape.js';
import { icon } from './icons.js';

/** The commit most of `env`'s stacks run (its record's, when it has one). */
export function stacksCommit(env: EnvironmentView): string | undefined {
  if (env.current) return env.current.sha;
  const counts = new Map<string, number>();
  for (const s of env.stacks ?? []) if (s.commit !== undefined) counts.set(s.commit, (counts.get(s.commit) ?? 0) + 1);
  let best: string | undefined;
  for (const [commit, count] of counts) if (best === undefined || count > counts.get(best)!) best = commit;
  return best;
}

/** Each stack of `env` and the commit it runs; a stack that runs another commit than most says so. */
export function stacksTable(env: EnvironmentView, ctx: PageContext): Html {
  const stacks = env.stacks ?? [];
  if (stacks.length === 0) return html``;
  const common = stacksCommit(env);
  const rows = stacks.map((s) => {
    const differs = env.partial !== undefined && !sameCommit(s.commit, common);
    const runs =
      s.commit === undefined
        ? html`<span class="tone-text tone-muted">${icon('clock')}nothing applied</span>`
        : commitLabel(s.commit, ctx);
    const mark = differs ? html` <span class="tone-text tone-warn">${icon('warning')}differs</span>` : '';
    const row = html`<th scope="row">${s.stack}</th><td>${runs}${mark}</td>`;
    return differs ? html`<tr class="differs">${row}</tr>` : html`<tr>${row}</tr>`;
  });
  return html`<table class="stacks"><caption>Stacks of ${env.environment}</caption>
<thead><tr><th scope="col">Stack</th><th scope="col">Runs</th></tr></thead><tbody>${rows}</tbody></table>`;
}
