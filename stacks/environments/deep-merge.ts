import { REMOVE, type Override } from './override.js';

/**
 * Merges `override` over `base` into a new, deeply frozen value; neither input is changed.
 *
 * Rules:
 * - plain objects merge key by key, recursively, at any depth;
 * - arrays are replaced, never concatenated: an override's array is the whole new value, so an
 *   environment can always say exactly what it has (and drop an element by leaving it out);
 * - {@link REMOVE} deletes the inherited key; it also disappears where there is nothing to remove;
 * - `undefined` (or a missing key) keeps the inherited value; `null` is a value and replaces it;
 * - anything else (strings, numbers, class instances such as tokens) replaces the inherited value.
 */
export function deepMerge<T>(base: T, override: Override<T> | undefined): T {
  return deepFreeze(mergeValues(base, override)) as T;
}

function mergeValues(base: unknown, override: unknown): unknown {
  if (override === undefined) return copy(base);
  if (isPlainObject(override)) {
    const result: Record<string, unknown> = isPlainObject(base) ? (copy(base) as Record<string, unknown>) : {};
    for (const [key, value] of Object.entries(override)) {
      if (value === REMOVE) delete result[key];
      else if (value !== undefined) result[key] = mergeValues(result[key], value);
    }
    return result;
  }
  return copy(override);
}

/** A deep copy of plain objects and arrays (dropping stray REMOVE markers); other values as they are. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (!isPlainObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== REMOVE && v !== undefined) result[key] = copy(v);
  return result;
}

/** Freezes plain objects and arrays recursively, so a resolved config cannot be changed by accident. */
export function deepFreeze<T>(value: T): T {
  if (Array.isArray(value) || isPlainObject(value)) {
    for (const v of Object.values(value as object)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
