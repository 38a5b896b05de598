/**
 * Edit distance between `a` and `b`: the fewest single-character insertions, deletions,
 * substitutions and swaps of two neighbouring characters that turn one into the other (optimal
 * string alignment). Case counts: `a` and `A` differ by one.
 */
export function editDistance(a: string, b: string): number {
  // Three rows of the dynamic-programming table: the swap looks two rows back.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate `name` most likely misspells: the one at the smallest edit distance, ignoring case,
 * among those within a third of the longer name's length (at least 1) or that start with the other
 * (`stateDirectory` for `stateDir`; at least 4 characters in common); the earlier candidate wins a
 * tie. `undefined` when none is that close.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let closest: string | undefined;
  let closestDistance = Number.POSITIVE_INFINITY;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const distance = editDistance(lower, other);
    const limit = Math.max(1, Math.floor(Math.max(name.length, candidate.length) / 3));
    const prefix = Math.min(lower.length, other.length) >= 4 && (lower.startsWith(other) || other.startsWith(lower));
    if ((distance <= limit || prefix) && distance < closestDistance) {
      closest = candidate;
      closestDistance = distance;
    }
  }
  return closest;
}
