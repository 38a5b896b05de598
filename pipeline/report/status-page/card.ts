import type { EnvironmentView } from '../status-model.js';
import { badge, badgesOf } from './badges.js';
import { driftFact, freezeCallout, soakFact, verificationFact, warningCallouts } from './checks.js';
import { commitLabel, type PageContext } from './context.js';
import { type Html, html, idFor, safeHref } from './escape.js';
import { icon } from './icons.js';
import { pendingBlock } from './pending.js';
import { stacksTable } from './stacks.js';
import { timeAt } from './time.js';

/** The environments in promotion order, left to right, one card each. */
export function environmentCards(ctx: PageContext): Html {
  const envs = ctx.model.environments;
  if (envs.length === 0) return html`<p class="empty">This project has no environments.</p>`;
  const cards = envs.map((env, i) => card(env, i, ctx));
  return html`<ol class="pipeline">${cards}</ol>`;
}

function card(env: EnvironmentView, index: number, ctx: PageContext): Html {
  const envs = ctx.model.environments;
  const id = idFor('env', env.environment);
  const next = envs[index + 1]?.environment;
  const facts: Html[] = [];
  const current = env.current;
  if (current) {
    facts.push(fact('Runs', commitLabel(current.sha, ctx, current.subject), 'fact-runs'));
    facts.push(fact('Applied', timeAt(current.appliedAt, ctx.now)));
    facts.push(fact('Trigger', html`${triggerName(current.trigger)} <code class="ref">${current.ref}</code>`));
    facts.push(fact('By', by(current.actor, current.runUrl, env.environment)));
  } else if (env.partial === undefined) {
    facts.push(fact('Runs', html`<span class="tone-text tone-muted">nothing applied by the pipeline yet</span>`));
  }
  if (env.verification) facts.push(fact('Verification', verificationFact(env.verification, ctx)));
  if (env.soak) facts.push(fact('Soak', soakFact(env.soak, next, ctx)));
  if (env.lastDriftCheck) facts.push(fact('Drift check', driftFact(env.lastDriftCheck, ctx)));
  const applies = env.history.length;
  return html`<li class="stage">
<article class="card${env.freeze ? ' is-frozen' : ''}" aria-labelledby="${id}">
<header class="card-head">
<p class="step"><span class="sr-only">Step </span>${index + 1}<span class="sr-only"> of ${envs.length}</span></p>
<h3 id="${id}">${env.environment}</h3>
<ul class="badges" aria-label="${env.environment}: state">${badgesOf(env).map(badge)}</ul>
</header>
${env.freeze ? freezeCallout(env.freeze, ctx) : ''}
${warningCallouts(env)}
${facts.length > 0 ? html`<dl class="facts">${facts}</dl>` : ''}
${stacksTable(env, ctx)}
${pendingBlock(env, envs[index - 1], ctx)}
<p class="card-foot"><a href="#${idFor('history', env.environment)}">History of ${env.environment}</a>
<span class="meta">${applies === 1 ? '1 apply' : `${applies} applies`}</span></p>
</article>
</li>`;
}

function fact(term: string, value: Html, modifier?: string): Html {
  return html`<div class="fact${modifier !== undefined ? ` ${modifier}` : ''}"><dt>${term}</dt><dd>${value}</dd></div>`;
}

/** A trigger as people say it. */
export function triggerName(trigger: string): string {
  return trigger === 'deploy-tag' ? 'deploy tag' : trigger === 'main' ? 'main branch' : trigger;
}

/** Who ran an apply and a link to its CI run (as text when it is not an http(s) address). */
export function by(actor: string | undefined, runUrl: string | undefined, what: string): Html {
  const href = safeHref(runUrl);
  const who = actor !== undefined ? html`<span class="who">${actor}</span>` : html`<span class="meta">unknown</span>`;
  const link =
    href !== undefined
      ? html` · <a class="run-link" href="${href}">CI run${icon('link')}<span class="sr-only"> of ${what}</span></a>`
      : runUrl !== undefined
        ? html` · <span class="meta">${runUrl}</span>`
        : '';
  return html`${who}${link}`;
}
