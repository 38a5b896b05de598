import type { DriftCheckRecord } from '../../model.js';
import type { EnvironmentView, FreezeView, VerificationView } from '../status-model.js';
import { callout } from './badges.js';
import { commitLabel, type PageContext } from './context.js';
import { type Html, html } from './escape.js';
import { icon } from './icons.js';
import { deadline, formatDuration, timeAt } from './time.js';

/** The freeze of an environment: its reason, who set it, since and until when. */
export function freezeCallout(freeze: FreezeView, ctx: PageContext): Html {
  const until = freeze.until !== undefined ? html`until ${deadline(freeze.until, ctx.now)}` : 'until unfrozen';
  return callout(
    'frozen',
    'frozen',
    'Frozen: applies are refused',
    html`<p class="reason">${freeze.reason}</p>
<p class="meta">by <span class="who">${freeze.by}</span>, since ${timeAt(freeze.at, ctx.now)}; ${until}</p>`,
  );
}

/** Callouts for what keeps an environment from being trusted: a lost state, an untrusted record, a partial apply. */
export function warningCallouts(env: EnvironmentView): Html[] {
  const out: Html[] = [];
  if (env.stateProblem !== undefined) {
    out.push(
      callout(
        'bad',
        'warning',
        'State problem',
        html`<p>${env.stateProblem}</p>
<p class="meta">Its applies are refused until approved (<code>--accept-lost-state</code>).</p>`,
      ),
    );
  }
  if (env.recordSignature === 'unsigned' || env.recordSignature === 'invalid') {
    const what = env.recordSignature === 'unsigned' ? 'is unsigned' : 'has a signature that does not match (forged?)';
    out.push(
      callout('bad', 'warning', 'Record not trusted', html`<p>Its record ${what}: the gate does not accept it.</p>`),
    );
  }
  if (env.current?.gateOverridden) {
    out.push(
      callout(
        'bad',
        'override',
        'Gate overridden',
        html`<p>The promotion gate refused this apply and <code>--override-gate</code> let it go on:
it is no evidence for the next environment.</p>`,
      ),
    );
  }
  if (env.partial !== undefined) out.push(callout('warn', 'stacks', 'Stacks disagree', html`<p>${env.partial}</p>`));
  return out;
}

/** The verification after the apply: each check, and the output of each that failed. */
export function verificationFact(v: VerificationView, ctx: PageContext): Html {
  const failed = v.checks.filter((c) => c.status === 'failed');
  const head =
    v.status === 'passed'
      ? html`<span class="tone-text tone-ok">${icon('check')}passed</span>`
      : html`<span class="tone-text tone-bad">${icon('cross')}failed</span>`;
  const checks = v.checks.map((c) => {
    const exit = c.exitCode !== undefined && c.status === 'failed' ? ` (exit ${c.exitCode})` : '';
    const mark = c.status === 'passed' ? icon('check') : icon('cross');
    return html`<li>${mark}<span class="check-name">${c.name}</span> ${c.status}${exit}</li>`;
  });
  const outputs = failed
    .filter((c) => c.output !== '')
    .map((c) => html`<details class="output"><summary>Output of ${c.name}</summary><pre>${c.output}</pre></details>`);
  return html`${head} ${timeAt(v.time, ctx.now)}${list(checks)}${outputs}`;
}

/** The soak time of an environment's commit before the next environment may get it. */
export function soakFact(soak: NonNullable<EnvironmentView['soak']>, next: string | undefined, ctx: PageContext): Html {
  const then = next !== undefined ? html`; then ${next} may get this commit` : '';
  if (soak.remainingMs > 0) {
    const left = html`<span class="tone-text tone-wait">${icon('clock')}${formatDuration(soak.remainingMs)}
left</span>`;
    return html`${left}, until ${deadline(soak.until, ctx.now)}${then}`;
  }
  return html`<span class="tone-text tone-ok">${icon('check')}soaked</span> since ${timeAt(soak.until, ctx.now)}`;
}

/** The last drift check: its result, when, and of which commit; per stack for several stacks. */
export function driftFact(d: DriftCheckRecord, ctx: PageContext): Html {
  const result =
    d.result === 'no-drift'
      ? html`<span class="tone-text tone-ok">${icon('check')}no drift</span>`
      : d.result === 'drift'
        ? html`<span class="tone-text tone-warn">${icon('drift')}drift</span>: ${changeCounts(d.changes)}`
        : html`<span class="tone-text tone-bad">${icon('cross')}check failed</span>`;
  const stacks = (d.stacks ?? []).map(
    (s) =>
      html`<li><span class="stack-name">${s.stack}</span>: ${s.result === 'no-drift' ? 'no drift' : s.result}</li>`,
  );
  const of = html`<span class="meta">of ${commitLabel(d.commit, ctx, '')}</span>`;
  return html`${result}, ${timeAt(d.time, ctx.now)} ${of}${list(stacks)}`;
}

/** A list of checks, or nothing for none. */
function list(items: readonly Html[]): Html {
  return items.length > 0 ? html`<ul class="checks">${items}</ul>` : html``;
}

/** `1 to add, 2 to change`: the counts that are not zero. */
function changeCounts(c: DriftCheckRecord['changes']): string {
  const parts = [
    [c.add, 'to add'],
    [c.change, 'to change'],
    [c.destroy, 'to destroy'],
  ].filter(([n]) => n !== 0);
  return parts.length > 0 ? parts.map(([n, what]) => `${n} ${what}`).join(', ') : 'no resource changes';
}
