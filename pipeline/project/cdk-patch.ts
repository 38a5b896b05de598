import { createRequire } from 'node:module';

/**
 * Replaces `key` of each distinct object `pick` finds in the modules `ids` name, as `require`d from
 * each file of `from` (a project's copy of cdktf may differ from the pipeline's), by
 * `replace(original)`; returns the function that puts every original back. A module not installed
 * there, or in which `pick` finds nothing, is left alone: its code then runs as cdktf wrote it.
 */
export function patchCdkModules<T extends object, K extends keyof T>(
  from: readonly string[],
  ids: readonly string[],
  pick: (module: Record<string, unknown>) => T | undefined,
  key: K,
  replace: (original: T[K]) => T[K],
): () => void {
  const targets = new Set<T>();
  for (const file of from) {
    for (const id of ids) {
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
