/** One environment's place in the inheritance graph: its name and the environment it inherits from. */
export interface InheritanceEntry {
  /** The environment. */
  readonly name: string;
  /** The parent; `undefined` for the base. */
  readonly parent: string | undefined;
}

/**
 * Every problem with the inheritance graph: unknown parents and cycles (each cycle reported once).
 * Assumes the names themselves were validated.
 */
export function inheritanceProblems(entries: readonly InheritanceEntry[]): string[] {
  const parents = new Map(entries.map((e) => [e.name, e.parent]));
  const problems: string[] = [];
  for (const { name, parent } of entries) {
    if (parent !== undefined && !parents.has(parent)) {
      problems.push(`environment "${name}" inherits from "${parent}", which is not a defined environment`);
    }
  }
  const reported = new Set<string>();
  for (const { name } of entries) {
    const path: string[] = [];
    let current: string | undefined = name;
    while (current !== undefined && parents.has(current) && !path.includes(current)) {
      path.push(current);
      current = parents.get(current);
    }
    if (current === undefined || !path.includes(current)) continue;
    const cycle = path.slice(path.indexOf(current));
    if (cycle.some((n) => reported.has(n))) continue;
    for (const n of cycle) reported.add(n);
    problems.push(`environments inherit in a cycle: ${[...cycle, current].join(' → ')}`);
  }
  return problems;
}

/** The chain from the base down to `name` (base first); call only on a graph without problems. */
export function inheritanceChain(entries: readonly InheritanceEntry[], name: string): string[] {
  const parents = new Map(entries.map((e) => [e.name, e.parent]));
  const chain: string[] = [];
  for (let current: string | undefined = name; current !== undefined; current = parents.get(current)) {
    chain.unshift(current);
  }
  return chain;
}
