import type { ChangeSummary, PlanSummary, ResourceChange } from './types.js';
import { asObject, countChange, isNoop, parseJsonObject } from './json.js';

/**
 * terraform's `planned_change` action → the action list `show -json` gives for the same change.
 * A replacement comes as `replace` whatever its order: the stream does not say whether it is
 * create-before-destroy, so it maps to the default order (`delete`, `create`). `move` and
 * `import` alone change nothing (`no-op`); `remove` is a `removed { destroy = false }` (`forget`).
 */
const ACTIONS: Record<string, string[]> = {
  create: ['create'],
  read: ['read'],
  update: ['update'],
  replace: ['delete', 'create'],
  delete: ['delete'],
  remove: ['forget'],
  move: ['no-op'],
  import: ['no-op'],
  noop: ['no-op'],
};

/**
 * The {@link PlanSummary} of a plan, from its `-json` UI stream (`planned_change` and `outputs`
 * messages; `resource_drift` describes changes outside terraform and, as in `show -json`, is not a
 * planned change). Equal to `summarizePlanJson(show -json)` of the saved plan, except that a
 * create-before-destroy replacement is listed as `["delete", "create"]` (see {@link ACTIONS}).
 * The stream carries no attribute or output values; import IDs it carries are not copied either.
 */
export function summarizePlanStream(stdout: string): PlanSummary {
  const summary: ChangeSummary = { add: 0, change: 0, destroy: 0, replace: 0, import: 0 };
  const byAddress = new Map<string, ResourceChange>();
  const outputChanges: PlanSummary['outputChanges'] = [];
  for (const line of stdout.split('\n')) {
    // Only two message types matter; a cheap test first keeps a 1,000-resource refresh log fast.
    if (!line.includes('"planned_change"') && !line.includes('"outputs"')) continue;
    const message = parseJsonObject(line);
    if (message?.type === 'planned_change') {
      const change = asObject(message.change);
      const address = String(asObject(change.resource).addr ?? '');
      const actions = ACTIONS[String(change.action)] ?? [String(change.action)];
      const importing = change.importing !== undefined && change.importing !== null;
      // A deposed object comes as a second `delete` of the same address: it is one more destroy, as in show -json.
      countChange(summary, actions, importing);
      if (importing || !isNoop(actions)) addChange(byAddress, address, actions);
    } else if (message?.type === 'outputs') {
      for (const [name, output] of Object.entries(asObject(message.outputs))) {
        const action = String(asObject(output).action ?? 'noop');
        const actions = ACTIONS[action] ?? [action];
        if (!isNoop(actions)) outputChanges.push({ name, actions });
      }
    }
  }
  // show -json lists changes by address; the stream in completion order.
  const resourceChanges = [...byAddress.values()].sort((a, b) => compare(a.address, b.address));
  outputChanges.sort((a, b) => compare(a.name, b.name));
  return { summary, resourceChanges, outputChanges };
}

/** show -json lists a deposed object's delete as its own entry: keep both under one address. */
function addChange(byAddress: Map<string, ResourceChange>, address: string, actions: string[]): void {
  let key = address;
  for (let n = 1; byAddress.has(key); n++) key = `${address}\u0000${n}`;
  byAddress.set(key, { address, actions });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
