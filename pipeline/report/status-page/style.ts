/**
 * The page's stylesheet: system fonts only (nothing to fetch), colours as variables with a dark set
 * for `prefers-color-scheme: dark` and a plain set for print.
 */
export const PAGE_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #f4f6f8; --surface: #ffffff; --sunken: #f0f2f5; --text: #1c2128; --muted: #59636e; --border: #d5dae0;
  --accent: #0b5cd5; --focus: #0b5cd5;
  --ok: #1a7336; --ok-bg: #dcf5e3; --bad: #b3261e; --bad-bg: #fde7e5; --warn: #875400; --warn-bg: #fff1cc;
  --frozen: #0a5d85; --frozen-bg: #ddf1fb; --wait: #6639ba; --wait-bg: #eee8fb; --muted-bg: #eceff2;
  --shadow: 0 1px 2px rgb(27 31 36 / 6%), 0 1px 8px rgb(27 31 36 / 5%);
  --mono: ui-monospace, 'SFMono-Regular', 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0e1116; --surface: #161b22; --sunken: #1c222b; --text: #e4e8ee; --muted: #9ba6b3; --border: #2e3640;
    --accent: #6ea8ff; --focus: #8ab8ff;
    --ok: #56d37a; --ok-bg: #11301c; --bad: #ff8a80; --bad-bg: #3b1513; --warn: #f0c24b; --warn-bg: #33290b;
    --frozen: #6fd0f7; --frozen-bg: #0c2d3b; --wait: #c0a4ff; --wait-bg: #2a2145; --muted-bg: #222932;
    --shadow: none;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--text); }
body {
  margin: 0; font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  -webkit-text-size-adjust: 100%;
}
a { color: var(--accent); text-underline-offset: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 3px; }
main:focus { outline: none; }
code, pre { font-family: var(--mono); font-size: 0.86em; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.sprite { position: absolute; width: 0; height: 0; overflow: hidden; }
.icon {
  width: 1.05em; height: 1.05em; vertical-align: -0.17em; margin-right: 0.3em; flex: none;
  fill: none; stroke: currentColor; stroke-width: 2.2; stroke-linecap: round; stroke-linejoin: round;
}
.skip-link {
  position: absolute; left: 1rem; top: -3rem; z-index: 2; padding: 0.5rem 0.8rem; background: var(--surface);
}
.skip-link:focus { top: 0.5rem; }
.page-head, main, .page-foot { max-width: 1440px; margin: 0 auto; padding: 0 1.5rem; }
.page-head {
  display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-end; justify-content: space-between;
  padding-top: 1.6rem; padding-bottom: 1rem;
}
.eyebrow { margin: 0; color: var(--muted); font: 600 0.8rem/1.2 var(--mono); letter-spacing: 0.04em; }
h1 { margin: 0.2rem 0 0.3rem; font-size: 1.65rem; line-height: 1.2; letter-spacing: -0.01em; }
h2 { font-size: 1.2rem; margin: 2.2rem 0 0.2rem; }
h3 { margin: 0; font-size: 1.1rem; }
h4 { margin: 0 0 0.4rem; font-size: 0.92rem; }
.meta, .abs, .commit-meta, caption { color: var(--muted); }
.abs { font-size: 0.85em; white-space: nowrap; }
.summary { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.6rem 0 0; padding: 0; list-style: none; }
.page-head nav ul { display: flex; gap: 0.3rem; margin: 0; padding: 0; list-style: none; }
.page-head nav a {
  display: inline-block; padding: 0.35rem 0.8rem; border: 1px solid var(--border); border-radius: 999px;
  background: var(--surface); text-decoration: none; font-weight: 500;
}
.page-head nav a:hover { border-color: var(--accent); }
.section-note { margin: 0 0 1rem; color: var(--muted); }

.pipeline {
  display: grid; grid-auto-flow: column; grid-auto-columns: minmax(19rem, 1fr); gap: 2.2rem;
  position: relative; margin: 0; padding: 0.2rem 0.2rem 1rem; list-style: none; overflow-x: auto;
}
.stage { position: relative; display: flex; }
.stage + .stage::before {
  content: ''; position: absolute; left: -1.85rem; top: 1.55rem; width: 1.5rem; height: 2px; background: var(--border);
}
.stage + .stage::after {
  content: ''; position: absolute; left: -0.65rem; top: calc(1.55rem - 4px); border: 5px solid transparent;
  border-left: 7px solid var(--border); border-right: 0;
}
.card {
  flex: 1; display: flex; flex-direction: column; gap: 0.8rem; min-width: 0; padding: 1rem 1.1rem 0.9rem;
  background: var(--surface); border: 1px solid var(--border); border-radius: 12px; box-shadow: var(--shadow);
}
.card.is-frozen { border-color: var(--frozen); box-shadow: inset 0 3px 0 var(--frozen), var(--shadow); }
.card-head { display: grid; grid-template-columns: auto 1fr; align-items: center; gap: 0.35rem 0.6rem; }
.step {
  margin: 0; width: 1.7rem; height: 1.7rem; border-radius: 50%; display: grid; place-items: center;
  background: var(--sunken); border: 1px solid var(--border); font: 600 0.82rem/1 var(--mono); color: var(--muted);
}
.card-head h3 { font-size: 1.2rem; overflow-wrap: anywhere; }
.badges { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 0.35rem; margin: 0; padding: 0; list-style: none; }
.badge {
  display: inline-flex; align-items: center; padding: 0.1rem 0.55rem; border-radius: 999px;
  font-size: 0.8rem; font-weight: 600; border: 1px solid currentColor;
}
.tone-ok { --tone: var(--ok); --tone-bg: var(--ok-bg); }
.tone-bad { --tone: var(--bad); --tone-bg: var(--bad-bg); }
.tone-warn { --tone: var(--warn); --tone-bg: var(--warn-bg); }
.tone-frozen { --tone: var(--frozen); --tone-bg: var(--frozen-bg); }
.tone-wait { --tone: var(--wait); --tone-bg: var(--wait-bg); }
.tone-muted { --tone: var(--muted); --tone-bg: var(--muted-bg); }
.badge, .callout { color: var(--tone); background: var(--tone-bg); }
.tone-text { color: var(--tone); font-weight: 600; white-space: nowrap; }
.callout { border-radius: 8px; padding: 0.55rem 0.75rem; border-left: 4px solid var(--tone); }
.callout p { margin: 0.15rem 0; color: var(--text); overflow-wrap: anywhere; }
.callout .callout-title { color: var(--tone); }
.callout .reason { font-weight: 500; }
.facts { margin: 0; display: grid; gap: 0.45rem; }
.fact { display: grid; grid-template-columns: 6.6rem 1fr; gap: 0.6rem; }
.fact dt { color: var(--muted); font-size: 0.85rem; padding-top: 0.1rem; }
.fact dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.fact dd .tone-text { white-space: normal; }
.fact-runs dd { font-weight: 600; }
.sha {
  padding: 0.05rem 0.35rem; border-radius: 5px; background: var(--sunken); border: 1px solid var(--border);
  font-weight: 600; white-space: nowrap;
}
.ref { overflow-wrap: anywhere; color: var(--muted); }
.who { font-weight: 600; }
.checks { margin: 0.3rem 0 0; padding: 0; list-style: none; font-size: 0.9rem; }
.checks li { margin: 0.1rem 0; }
.check-name, .stack-name { font-family: var(--mono); font-size: 0.88em; }
details.output summary, details.older summary { cursor: pointer; color: var(--accent); font-size: 0.88rem; }
pre {
  margin: 0.35rem 0 0; padding: 0.5rem 0.6rem; background: var(--sunken); border: 1px solid var(--border);
  border-radius: 6px; overflow: auto; max-height: 14rem; white-space: pre-wrap; overflow-wrap: anywhere;
}
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-size: 0.85rem; padding: 0 0 0.35rem; }
th, td { text-align: left; vertical-align: top; }
.stacks th, .stacks td { padding: 0.25rem 0.4rem; border-bottom: 1px solid var(--border); font-size: 0.9rem; }
.stacks thead th { color: var(--muted); font-weight: 500; font-size: 0.8rem; }
.stacks tbody th { font-family: var(--mono); font-size: 0.85rem; }
.stacks tr.differs { background: var(--warn-bg); }
.pending { border-top: 1px dashed var(--border); padding-top: 0.7rem; }
.pending h4 { color: var(--wait); display: flex; align-items: center; }
p.pending { margin: 0; color: var(--ok); font-weight: 600; font-size: 0.9rem; }
.commit-list { margin: 0 0 0.5rem; padding: 0; list-style: none; display: grid; gap: 0.25rem; font-size: 0.92rem; }
.hint { margin: 0.25rem 0; font-size: 0.85rem; color: var(--muted); }
.command {
  display: flex; align-items: stretch; gap: 0; margin-top: 0.5rem; border: 1px solid var(--border);
  border-radius: 8px; background: var(--sunken); overflow: hidden;
}
.command code { flex: 1; padding: 0.5rem 0.6rem; overflow-wrap: anywhere; user-select: all; font-size: 0.8rem; }
.copy {
  flex: none; display: inline-flex; align-items: center; gap: 0; padding: 0 0.75rem; border: 0;
  border-left: 1px solid var(--border); background: var(--surface); color: var(--text); font: inherit;
  font-size: 0.85rem; font-weight: 600; cursor: pointer;
}
.copy:hover { color: var(--accent); }
.copy:focus-visible { outline-offset: -3px; }
.copy[data-copied='true'] { color: var(--ok); }
.card-foot {
  margin: auto 0 0; padding-top: 0.4rem; font-size: 0.88rem; display: flex; gap: 0.5rem; align-items: baseline;
}
.run-link { white-space: nowrap; }
.run-link .icon { width: 0.85em; height: 0.85em; margin: 0 0 0 0.2em; vertical-align: -0.05em; }
.empty { color: var(--muted); font-style: italic; }

.table-scroll {
  position: relative; overflow-x: auto; background: var(--surface); border: 1px solid var(--border);
  border-radius: 12px; box-shadow: var(--shadow);
}
.table-scroll caption { padding: 0.7rem 1rem 0.5rem; }
.grid th, .grid td, .history-table th, .history-table td {
  padding: 0.5rem 0.9rem; border-top: 1px solid var(--border);
}
.grid thead th, .history-table thead th {
  background: var(--sunken); font-size: 0.8rem; font-weight: 600; color: var(--muted); text-transform: none;
}
.grid thead th:not(:first-child) {
  text-align: center; font-family: var(--mono); color: var(--text); font-size: 0.88rem;
}
.grid tbody th { font-weight: 400; min-width: 16rem; }
.grid .commit-meta { display: block; font-size: 0.82rem; margin-top: 0.1rem; }
.grid td.cell {
  text-align: center; vertical-align: middle; min-width: 7rem; white-space: nowrap;
  font-size: 0.85rem; font-weight: 600;
}
.cell.runs span, .cell.waiting span, .cell.partial span { vertical-align: middle; }
.cell.runs { color: var(--ok); background: color-mix(in srgb, var(--ok-bg) 70%, transparent); }
.cell.waiting { color: var(--wait); background: color-mix(in srgb, var(--wait-bg) 70%, transparent); }
.cell.partial { color: var(--warn); background: color-mix(in srgb, var(--warn-bg) 70%, transparent); }
.notes { margin: 0.6rem 0 0; padding-left: 1.2rem; color: var(--muted); font-size: 0.9rem; }
.history { margin-top: 1.2rem; }
.history h3 { margin-bottom: 0.4rem; font-family: var(--mono); font-size: 1rem; }
.history-table { min-width: 56rem; }
.history-table tbody th { font-weight: 400; white-space: nowrap; }
.history-table td { font-size: 0.9rem; }
.history-table tr.failed { background: color-mix(in srgb, var(--bad-bg) 55%, transparent); }
details.older { margin-top: 0.5rem; }
details.older > summary { padding: 0.2rem 0; }
.page-foot { padding-top: 2rem; padding-bottom: 2rem; color: var(--muted); font-size: 0.85rem; }
.page-foot p { margin: 0.2rem 0; }

@media (max-width: 52rem) {
  .pipeline { grid-auto-flow: row; grid-auto-columns: auto; }
  .stage + .stage::before, .stage + .stage::after { display: none; }
  .page-head, main, .page-foot { padding: 0 0.9rem; }
}
@media print {
  :root {
    color-scheme: light;
    --bg: #fff; --surface: #fff; --sunken: #f3f3f3; --text: #000; --muted: #444; --border: #bbb; --accent: #000;
    --ok: #0b5d1e; --ok-bg: #fff; --bad: #9d1c14; --bad-bg: #fff; --warn: #6b4300; --warn-bg: #fff;
    --frozen: #084a6b; --frozen-bg: #fff; --wait: #4b2a8a; --wait-bg: #fff; --muted-bg: #fff; --shadow: none;
  }
  body { font-size: 10pt; }
  .page-head nav, .skip-link, .copy { display: none !important; }
  .pipeline {
    grid-auto-flow: row; grid-template-columns: repeat(3, 1fr); grid-auto-columns: auto; overflow: visible; gap: 0.8rem;
  }
  .stage + .stage::before, .stage + .stage::after { display: none; }
  .card, .table-scroll { box-shadow: none; }
  .card, tr, .callout { break-inside: avoid; }
  .table-scroll, pre { overflow: visible; max-height: none; }
  .history-table, .grid tbody th { min-width: 0; }
  h2 { break-after: avoid; }
  .card a.run-link::after {
    content: ' <' attr(href) '>'; font-size: 7pt; color: var(--muted); overflow-wrap: anywhere; white-space: normal;
  }
  .fact { grid-template-columns: 1fr; gap: 0; }
  .fact dt { font-size: 7.5pt; }
  .history-table { font-size: 8.5pt; }
  .history-table .tone-text, .history-table .abs { white-space: normal; }
  .history-table th, .history-table td { padding: 0.3rem 0.45rem; }
  .history-table .ref { overflow-wrap: normal; word-break: break-word; }
}
`;
