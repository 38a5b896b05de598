import { createRequire } from 'node:module';

/** The CDK libraries whose modules are patched: cdktf and cdktn (the same layout of `lib/`). */
const CDK_LIBRARIES = ['cdktf', 'cdktn'] as const;

/**
 * Replaces `key` of each distinct object `pick` finds in the module `module` (a path inside the
 * library, `lib/…`) of cdktf and cdktn, as `require`d from each file of `from` (a project's copy of
 * cdktf may differ from the pipeline's), by `replace(original)`; returns the function that puts
 * every original back. Only libraries already loaded are touched (once the project is imported, its
 * own: a cdktn project loads no file of cdktf); before anything is loaded (the app command patches
 * before it imports the entry), every installed one. A module not installed there, or in which
 * `pick` finds nothing, is left alone: its code then runs as cdktf wrote it.
 */
export function patchCdkModules<T extends object, K extends keyof T>(
  from: readonly string[],
  module: string,
  pick: (module: Record<string, unknown>) => T | undefined,
  key: K,
  replace: (original: T[K]) => T[K],
): () => void {
  const targets = new Set<T>();
  for (const id of librariesToPatch(from).map((library) => `${library}/${module}`)) {
    for (const file of from) {
      const target = pickFrom(file, id, pick);
      if (target) targets.add(target);
    }
  }
  const restore: (() => void)[] = [];
  for (const target of targets) {
    const original = target[key];
    target[key] = replace(original);
    restore.push(() => {
      target[key] = original;
    });
  }
  return () => {
    for (const undo of restore) undo();
  };
}

/** The libraries loaded through `require` from some file of `from`; when none is, both. */
function librariesToPatch(from: readonly string[]): readonly string[] {
  const loaded = CDK_LIBRARIES.filter((library) =>
    from.some((file) => {
      const require = createRequire(file);
      try {
        return require.cache[require.resolve(library)] !== undefined;
      } catch {
        return false;
      }
    }),
  );
  return loaded.length > 0 ? loaded : CDK_LIBRARIES;
}

function pickFrom<T>(
  file: string,
  id: string,
  pick: (module: Record<string, unknown>) => T | undefined,
): T | undefined {
  try {
    return pick(createRequire(file)(id) as Record<string, unknown>);
  } catch {
    // Not installed, or another layout.
    return undefined;
  }
}
