/**
 * Marker that removes an inherited value: `{ ingress: REMOVE }` drops the base's `ingress`.
 * A symbol, not `null` or `undefined`, so it can never be confused with a real value; the
 * {@link Override} type allows it only where the property is optional, so the merged config
 * still satisfies its type.
 */
export const REMOVE: unique symbol = Symbol.for('cdktf-gitops.remove');

/** The type of {@link REMOVE}. */
export type Remove = typeof REMOVE;

/** Values merged as a whole rather than key by key. */
type Leaf = string | number | boolean | bigint | symbol | null | undefined | ((...args: never[]) => unknown);

/** True when property `K` of `T` is optional (or `T` is a record whose entries may be absent). */
type IsOptional<T, K extends keyof T> = {} extends Pick<T, K> ? true : false;

/** What an override may give for a value of type `V`: arrays whole, objects partially. */
export type OverrideValue<V> = V extends Leaf
  ? V
  : V extends readonly unknown[]
    ? V
    : V extends object
      ? Override<V>
      : V;

/**
 * A deep partial of a configuration `T`, as an inheriting environment writes it: every property
 * may be left out (inherited), objects are overridden key by key, arrays are replaced whole, and
 * optional properties (including entries of records) may be set to {@link REMOVE}.
 */
export type Override<T> = {
  readonly [K in keyof T]?: IsOptional<T, K> extends true
    ? OverrideValue<Exclude<T[K], undefined>> | Remove
    : OverrideValue<T[K]>;
};
