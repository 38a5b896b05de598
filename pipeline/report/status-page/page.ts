import { createHash } from 'node:crypto';
import { RECORD_KEY_ENV } from '../../records/signature.js';
import type { StatusModel } from '../status-model.js';
import { environmentCards } from './card.js';
import { type PageContext, pageContext } from './context.js';
import { escapeHtml, type Html, html } from './escape.js';
import { commitGrid } from './grid.js';
import { historySections } from './history.js';
import { iconSprite } from './icons.js';
import { PAGE_SCRIPT } from './script.js';
import { PAGE_STYLE } from './style.js';
import { absoluteTime } from './time.js';

/**
 * The status page of `model`: one self-contained HTML document (inline CSS and script, no fonts,
 * images or scripts fetched) that reads the same from `file://`, a CI artifact or a static host.
 * Its Content-Security-Policy allows nothing but its own style and script, so it loads nothing from elsewhere.
 */
export function renderStatusPage(model: StatusModel): string {
  const ctx = pageContext(model);
  const body = html`<a class="skip-link" href="#main">Skip to content</a>
${iconSprite()}
${pageHeader(ctx)}
<main id="main" tabindex="-1">
<section id="environments" aria-labelledby="environments-title">
<h2 id="environments-title">Environments</h2>
<p class="section-note">In promotion order: each gets what the one before it runs.</p>
${environmentCards(ctx)}
</section>
<section id="commits" aria-labelledby="commits-title">
<h2 id="commits-title">Commits on ${model.mainBranch}</h2>
<p class="section-note">Which commit each environment runs, and which are waiting to reach it.</p>
${commitGrid(ctx)}
</section>
<section id="history" aria-labelledby="history-title">
<h2 id="history-title">History</h2>
<p class="section-note">Every pipeline apply of each environment, newest first.</p>
${historySections(ctx)}
</section>
</main>
${pageFooter(ctx)}
<p id="copy-status" class="sr-only" role="status" aria-live="polite"></p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="cdktf-gitops">
<title>What runs where · ${escapeHtml(model.mainBranch)} · cdktf-gitops</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
${body}
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/** Nothing may be fetched; only this page's own style and script (by hash) run. */
function contentSecurityPolicy(): string {
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  return [
    "default-src 'none'",
    `style-src ${hash(PAGE_STYLE)}`,
    `script-src ${hash(PAGE_SCRIPT)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function pageHeader(ctx: PageContext): Html {
  const envs = ctx.model.environments;
  const frozen = envs.filter((e) => e.freeze).map((e) => e.environment);
  const waiting = envs.reduce((n, e) => n + (e.pending?.command !== undefined ? e.pending.commits.length : 0), 0);
  const summary: Html[] = [
    html`<li class="badge tone-muted">${envs.length === 1 ? '1 environment' : `${envs.length} environments`}</li>`,
  ];
  if (frozen.length > 0) summary.push(html`<li class="badge tone-frozen">${frozen.join(', ')} frozen</li>`);
  if (waiting > 0) {
    summary.push(
      html`<li class="badge tone-wait">${waiting === 1 ? '1 promotion' : `${waiting} promotions`} waiting</li>`,
    );
  }
  return html`<header class="page-head">
<div>
<p class="eyebrow">cdktf-gitops status</p>
<h1>What runs where</h1>
<p class="meta">Read from the environments' records at
<time datetime="${ctx.model.generatedAt}">${absoluteTime(ctx.model.generatedAt)}</time>;
times below count from then.</p>
<ul class="summary" aria-label="Summary">${summary}</ul>
</div>
<nav aria-label="Sections"><ul>
<li><a href="#environments">Environments</a></li>
<li><a href="#commits">Commits</a></li>
<li><a href="#history">History</a></li>
</ul></nav>
</header>`;
}

function pageFooter(ctx: PageContext): Html {
  const envs = ctx.model.environments;
  const unchecked = envs.some((e) => e.recordSignature === 'no-key')
    ? html`<p>Record signatures were not checked: this page was made without <code>${RECORD_KEY_ENV}</code>.</p>`
    : '';
  return html`<footer class="page-foot">${unchecked}
<p>Made by <code>cdktf-gitops status --html</code>. This page loads nothing from elsewhere.</p></footer>`;
}
