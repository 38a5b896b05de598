import type { CommitView, EnvironmentView } from '../status-model.js';
import { commitLabel, type PageContext, sameCommit, shortSha } from './context.js';
import { type Html, html } from './escape.js';
import { icon } from './icons.js';
import { timeAt } from './time.js';

/**
 * The main branch's newest commits × the environments: which commit each environment runs, which
 * wait to reach it, and for an environment whose stacks disagree, which stacks run a commit.
 */
export function commitGrid(ctx: PageContext): Html {
  const { commits, environments, mainBranch } = ctx.model;
  if (commits.length === 0) return html`<p class="empty">No commits of ${mainBranch} to show.</p>`;
  const head = environments.map((env) => html`<th scope="col">${env.environment}</th>`);
  const rows = commits.map((commit) => row(commit, environments, ctx));
  return html`<div class="table-scroll"><table class="grid">
<caption>The last ${commits.length === 1 ? 'commit' : `${commits.length} commits`} on ${mainBranch}, newest first:
where each runs and where it waits</caption>
<thead><tr><th scope="col">Commit</th>${head}</tr></thead>
<tbody>${rows}</tbody>
</table></div>${olderNotes(commits, environments)}`;
}

function row(commit: CommitView, environments: readonly EnvironmentView[], ctx: PageContext): Html {
  const parts = [commit.author, commit.time !== undefined ? timeAt(commit.time, ctx.now) : undefined].filter(
    (p) => p !== undefined,
  );
  const meta =
    parts.length > 0
      ? html`<span class="commit-meta">${parts.map((p, i) => html`${i > 0 ? ' · ' : ''}${p}`)}</span>`
      : '';
  const cells = environments.map((env) => cell(commit, env));
  return html`<tr><th scope="row">${commitLabel(commit.sha, ctx, commit.subject)}${meta}</th>${cells}</tr>`;
}

/** One cell: `runs`, `waiting`, the stacks that run it, or empty. */
function cell(commit: CommitView, env: EnvironmentView): Html {
  if (sameCommit(env.current?.sha, commit.sha)) {
    return html`<td class="cell runs">${icon('runs')}<span>runs</span></td>`;
  }
  const stacks = (env.stacks ?? []).filter((s) => sameCommit(s.commit, commit.sha)).map((s) => s.stack);
  if (stacks.length > 0 && !env.current) {
    const all = stacks.length === env.stacks!.length;
    const text = all ? 'runs' : `runs in ${stacks.join(', ')}`;
    return html`<td class="cell ${all ? 'runs' : 'partial'}">${icon(all ? 'runs' : 'stacks')}<span>${text}</span></td>`;
  }
  if (env.pending?.commits.some((c) => sameCommit(c.sha, commit.sha))) {
    return html`<td class="cell waiting">${icon('clock')}<span>waiting</span></td>`;
  }
  return html`<td class="cell"></td>`;
}

/** A line for each environment whose commit is older than the grid's rows, so no environment goes missing. */
function olderNotes(commits: readonly CommitView[], environments: readonly EnvironmentView[]): Html {
  const notes = environments
    .filter((env) => env.current && !commits.some((c) => sameCommit(c.sha, env.current!.sha)))
    .map((env) => {
      const sha = env.current!.sha;
      const code = html`<code class="sha" title="${sha}">${shortSha(sha)}</code>`;
      return html`<li>${env.environment} runs ${code}, older than the commits shown.</li>`;
    });
  return notes.length > 0 ? html`<ul class="notes">${notes}</ul>` : html``;
}
