// A consumer project's package-lock.json cut from this repository's, so `npm ci --offline` installs it
// from the npm cache that this repository's `npm ci` filled: every package comes with its lock entry.

/** One entry of a lock file's `packages`. */
export interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly link?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly [field: string]: unknown;
}

/** A lock file's `packages`, keyed by install path (`node_modules/a/node_modules/b`; `''` is the root). */
export type LockPackages = Readonly<Record<string, LockEntry>>;

/** Fields of this repository's lock that describe its own install, not the consumer's. */
const OWN_FIELDS = new Set(['name', 'dev', 'peer', 'devOptional']);

/**
 * The consumer's `packages` besides its root entry: `top` (package name → install path in `root`,
 * which may be an alias such as `node_modules/constructs-10-4-2`) at the consumer's top level, each
 * with everything nested under it and every dependency it needs, found as Node would from its place
 * in `root` and installed at the top level unless nested. Throws when two packages need different
 * versions at one place, or a required dependency is missing from `root`.
 */
export function consumerPackages(root: LockPackages, top: Readonly<Record<string, string>>): Record<string, LockEntry> {
  const packages: Record<string, LockEntry> = {};
  const placed = new Set<string>();
  const pending: string[] = [];
  // A package with everything nested under it, at `to`.
  const copy = (from: string, to: string): void => {
    const entry = root[from];
    if (entry === undefined) throw new Error(`${from} is not in this repository's package-lock.json`);
    const there = packages[to];
    if (there !== undefined) {
      if (there.version !== entry.version) throw new Error(`${to}: ${there.version} and ${entry.version} both needed`);
      return;
    }
    for (const key of [from, ...Object.keys(root).filter((k) => k.startsWith(`${from}/node_modules/`))]) {
      packages[`${to}${key.slice(from.length)}`] = Object.fromEntries(
        Object.entries(root[key]!).filter(([field]) => !OWN_FIELDS.has(field)),
      );
      placed.add(key);
      pending.push(key);
    }
  };
  for (const [name, from] of Object.entries(top)) copy(from, `node_modules/${name}`);
  for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
    const entry = root[key]!;
    const required = Object.keys(entry.dependencies ?? {});
    for (const dep of [...required, ...Object.keys(entry.optionalDependencies ?? {})]) {
      const found = resolveFrom(root, key, dep);
      if (found === undefined && required.includes(dep)) throw new Error(`${key} needs ${dep}, not in the lock`);
      if (found !== undefined && !placed.has(found)) copy(found, `node_modules/${dep}`);
    }
  }
  return packages;
}

/** The install path in `root` of `name` at version `version` (the top-level one first, then aliases, then nested). */
export function lockKeyOf(root: LockPackages, name: string, version: string): string {
  const keys = Object.keys(root)
    .filter((key) => key !== '' && !root[key]!.link && root[key]!.version === version)
    .filter((key) => (root[key]!.name ?? key.slice(key.lastIndexOf('node_modules/') + 13)) === name)
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
  const direct = `node_modules/${name}`;
  const key = keys.includes(direct) ? direct : keys[0];
  if (key === undefined) throw new Error(`${name}@${version} is not in this repository's package-lock.json`);
  return key;
}

/** Where Node finds `dep` from the package installed at `key`: nested under it, then each level up. */
function resolveFrom(root: LockPackages, key: string, dep: string): string | undefined {
  for (let base = key; ; ) {
    const candidate = `${base}/node_modules/${dep}`;
    if (root[candidate] !== undefined) return candidate;
    const up = base.lastIndexOf('/node_modules/');
    if (up < 0) break;
    base = base.slice(0, up);
  }
  return root[`node_modules/${dep}`] !== undefined ? `node_modules/${dep}` : undefined;
}
