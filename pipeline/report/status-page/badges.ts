import type { EnvironmentView } from '../status-model.js';
import { type Html, html } from './escape.js';
import { type IconName, icon } from './icons.js';

/** The tone of a badge or callout: its colour, always paired with an icon and a word. */
export type Tone = 'ok' | 'bad' | 'warn' | 'frozen' | 'wait' | 'muted';

/** One word or two about an environment's state, shown under its name. */
export interface Badge {
  readonly tone: Tone;
  readonly icon: IconName;
  readonly text: string;
}

/** Everything worth a glance about `env`, worst first. */
export function badgesOf(env: EnvironmentView): Badge[] {
  const badges: Badge[] = [];
  if (env.freeze) badges.push({ tone: 'frozen', icon: 'frozen', text: 'frozen' });
  if (env.current?.gateOverridden) badges.push({ tone: 'bad', icon: 'override', text: 'gate overridden' });
  if (env.stateProblem !== undefined) badges.push({ tone: 'bad', icon: 'warning', text: 'state problem' });
  if (env.recordSignature === 'unsigned') badges.push({ tone: 'bad', icon: 'warning', text: 'unsigned record' });
  if (env.recordSignature === 'invalid') badges.push({ tone: 'bad', icon: 'warning', text: 'forged record?' });
  if (env.verification?.status === 'failed') badges.push({ tone: 'bad', icon: 'cross', text: 'verification failed' });
  if (env.lastDriftCheck?.result === 'failed') badges.push({ tone: 'bad', icon: 'cross', text: 'drift check failed' });
  if (env.partial !== undefined) badges.push({ tone: 'warn', icon: 'stacks', text: 'partial' });
  if (env.lastDriftCheck?.result === 'drift') badges.push({ tone: 'warn', icon: 'drift', text: 'drift' });
  const waiting = env.pending?.commits.length ?? 0;
  if (waiting > 0) badges.push({ tone: 'wait', icon: 'clock', text: `${waiting} waiting` });
  if (!env.current && env.partial === undefined) badges.push({ tone: 'muted', icon: 'clock', text: 'nothing applied' });
  if (env.verification?.status === 'passed') badges.push({ tone: 'ok', icon: 'check', text: 'verified' });
  if (env.current && !badges.some((b) => b.tone === 'bad' || b.tone === 'warn' || b.tone === 'wait')) {
    badges.push({ tone: 'ok', icon: 'check', text: 'up to date' });
  }
  return badges;
}

/** A badge as a list item. */
export function badge(b: Badge): Html {
  return html`<li class="badge tone-${b.tone}">${icon(b.icon)}${b.text}</li>`;
}

/** A boxed note inside a card: a titled paragraph (the title says in words what the colour says). */
export function callout(tone: Tone, iconName: IconName, title: string, body: Html | string): Html {
  const head = html`<p class="callout-title">${icon(iconName)}<strong>${title}</strong></p>`;
  return html`<div class="callout tone-${tone}" role="note">${head}${body}</div>`;
}
