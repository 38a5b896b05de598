import type { ResourceChange } from '../terraform/index.js';

/** How a resource change reads to a reviewer; `replace` covers both delete-then-create and create-then-delete. */
export type ChangeGroup = 'replace' | 'destroy' | 'update' | 'create' | 'read' | (string & {});

/** Resource addresses sharing one kind of change. */
export interface GroupedChanges {
  readonly group: ChangeGroup;
  readonly addresses: readonly string[];
}

/** Riskiest first, so destroys and replacements lead every listing. */
const ORDER: readonly string[] = ['replace', 'destroy', 'update', 'create', 'read'];

/** The group of terraform's action list (`["delete", "create"]` → `replace`); unknown lists keep their names. */
export function changeGroup(actions: readonly string[]): ChangeGroup {
  const has = (action: string) => actions.includes(action);
  if (has('delete') && has('create')) return 'replace';
  if (has('delete')) return 'destroy';
  if (has('update')) return 'update';
  if (has('create')) return 'create';
  if (has('read')) return 'read';
  return actions.join(', ') || 'unknown';
}

/** Whether a group loses a resource (its data, its identity). */
export function isRisky(group: ChangeGroup): boolean {
  return group === 'destroy' || group === 'replace';
}

/** `changes` grouped by {@link changeGroup}, riskiest group first, addresses in plan order; no-ops left out. */
export function groupChanges(changes: readonly ResourceChange[]): GroupedChanges[] {
  const groups = new Map<string, string[]>();
  for (const c of changes) {
    if (c.actions.length === 0 || c.actions.every((a) => a === 'no-op')) continue;
    const group = changeGroup(c.actions);
    groups.set(group, [...(groups.get(group) ?? []), c.address]);
  }
  const rank = (g: string) => (ORDER.includes(g) ? ORDER.indexOf(g) : ORDER.length);
  return [...groups].sort(([a], [b]) => rank(a) - rank(b)).map(([group, addresses]) => ({ group, addresses }));
}
