// Synthetic event sequences of a project of three environments, each made of three named stacks
// (net, svc after net, dns), interleaved as the pipeline emits them when units run concurrently.
import type { ProgressEvent, ProgressRenderer, Unit } from '../../pipeline/cli/render.js';
import type { Action } from '../../pipeline/model.js';
import type { StackResult, StackStatus } from '../../pipeline/model.js';
import { stage } from '../report/fixtures.js';

/** One thing the renderer gets: an event, or a raw terraform line and its unit if known (the core's `onOutput`). */
export type Item =
  | { readonly kind: 'event'; readonly event: ProgressEvent }
  | { readonly kind: 'output'; readonly line: string; readonly unit?: Unit };

/** The environments of the project. */
export const ENVIRONMENTS = ['ops', 'apps', 'apps-prod'] as const;

/** A plan-only stage's steps, and an applying one's. */
export const PLAN: readonly Action[] = ['init', 'workspace-select', 'plan'];
export const APPLY: readonly Action[] = [...PLAN, 'apply'];

/** What a stack's sequence says: its outcome; with `apply`, resource progress and a check before the apply. */
interface StackOptions {
  readonly actions: readonly Action[];
  readonly status: StackStatus;
}

/** The raw terraform line a unit writes during a step: it names its unit, so a test can tell whose it is. */
export function rawLine(unit: string, action: Action): string {
  return `raw ${unit} ${action}`;
}

/** One stack's items, in the order its stage emits them. */
export function stackItems(environment: string, stack: string, dependsOn: string[], o: StackOptions): Item[] {
  const ev = (event: ProgressEvent): Item => ({ kind: 'event', event });
  const unit = { environment, stack };
  const items: Item[] = [ev({ type: 'stack-start', environment, stack, dependsOn })];
  for (const action of o.actions) {
    items.push(ev({ type: 'step-start', environment, stack, action }));
    items.push({ kind: 'output', line: rawLine(`${environment}/${stack}`, action), unit });
    if (action === 'plan') {
      const change = { type: 'planned-change', address: `terraform_data.${stack}`, action: 'create' } as const;
      if (o.status !== 'no-changes') items.push(ev({ type: 'terraform', environment, stack, event: change }));
      const hasChanges = o.status !== 'no-changes';
      const changes = { add: hasChanges ? 1 : 0, change: 0, destroy: 0 };
      items.push(ev({ type: 'plan-summary', environment, stack, changes, hasChanges }));
    }
    if (action === 'apply') {
      const slow = { type: 'apply-progress', address: `terraform_data.${stack}`, action: 'create' } as const;
      items.push(
        ev({ type: 'terraform', environment, stack, event: { ...slow, phase: 'progress', elapsedSeconds: 10 } }),
      );
    }
    items.push(ev({ type: 'step-end', environment, stack, action, durationMs: 100, ok: true }));
    if (action === 'plan' && o.actions.includes('apply')) {
      items.push(ev({ type: 'check', environment, stack, message: "policy 'opa' passed", ok: true }));
      items.push(ev({ type: 'warning', environment, stack, message: 'destroy approved by --allow-destroy' }));
    }
  }
  items.push(ev({ type: 'stack-end', environment, result: stackResult(environment, stack, dependsOn, o) }));
  return items;
}

/** An environment's items: its stacks net and dns side by side, svc once net has ended. */
export function environmentItems(environment: string, o: StackOptions): Item[] {
  const net = stackItems(environment, 'net', [], o);
  const svc = stackItems(environment, 'svc', ['net'], o);
  const dns = stackItems(environment, 'dns', [], o);
  const stacks = ['net', 'svc', 'dns'].map((s) => stackResult(environment, s, s === 'svc' ? ['net'] : [], o));
  const status = o.status === 'applied' || o.status === 'no-changes' ? o.status : 'planned';
  return [
    { kind: 'event', event: { type: 'stage-start', environment, actions: o.actions } },
    ...interleave([...net, ...svc], dns),
    { kind: 'event', event: { type: 'stage-end', stage: stage({ environment, actions: o.actions, status, stacks }) } },
  ];
}

/** `plan --all`: every environment planned at once. */
export function previewItems(): Item[] {
  return interleave(...ENVIRONMENTS.map((e) => environmentItems(e, { actions: PLAN, status: 'planned' })));
}

/** `run` on main: ops applies; apps plans alongside it, its events held back until ops has ended. */
export function mainRunItems(): Item[] {
  return [
    ...environmentItems('ops', { actions: APPLY, status: 'applied' }),
    ...environmentItems('apps', { actions: PLAN, status: 'planned' }),
  ];
}

/** `drift`: every environment planned from its recorded commit at once; ops and apps-prod drifted. */
export function driftItems(): Item[] {
  return interleave(
    ...ENVIRONMENTS.map((e) => environmentItems(e, { actions: PLAN, status: e === 'apps' ? 'no-changes' : 'planned' })),
  );
}

/** Each item with the lines it printed. */
export function renderAll(items: readonly Item[], render: ProgressRenderer): { item: Item; lines: string[] }[] {
  return items.map((item) => ({
    item,
    lines: item.kind === 'event' ? render(item.event) : render.output(item.line, item.unit),
  }));
}

/** Round robin: one item of each track in turn, each track's order kept. */
export function interleave(...tracks: readonly Item[][]): Item[] {
  const queues = tracks.map((t) => [...t]);
  const out: Item[] = [];
  while (queues.some((q) => q.length > 0)) {
    for (const q of queues) {
      const next = q.shift();
      if (next) out.push(next);
    }
  }
  return out;
}

/** The label of the unit (or, for a stage's own events, the environment) an item comes from. */
export function sourceOf(item: Item): string {
  if (item.kind === 'output') {
    const u = item.unit;
    return u === undefined ? '' : u.stack !== undefined ? `${u.environment}/${u.stack}` : u.environment;
  }
  const e = item.event;
  if (e.type === 'stage-end') return e.stage.environment;
  if (e.type === 'stack-end') return `${e.environment}/${e.result.stack}`;
  if (e.type === 'stage-start') return e.environment;
  if ('stack' in e && e.stack !== undefined) return `${e.environment}/${e.stack}`;
  return 'environment' in e && e.environment !== undefined ? e.environment : '';
}

function stackResult(environment: string, stack: string, dependsOn: string[], o: StackOptions): StackResult {
  return {
    environment,
    workspace: environment,
    actions: o.actions,
    stack,
    dependsOn,
    status: o.status,
    changes: { add: 1, change: 0, destroy: 0 },
    resourceChanges: [],
    durationMs: 300,
  };
}
