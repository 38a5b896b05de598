import { deepMerge, REMOVE, type Override } from '../../stacks/environments/index.js';

interface Config {
  readonly name: string;
  readonly size?: number;
  readonly nested: { readonly a: number; readonly b?: { readonly c: string; readonly d?: string } };
  readonly list: readonly string[];
  readonly items?: readonly { readonly n: number }[];
  readonly map: Readonly<Record<string, { readonly v: number; readonly w?: number }>>;
  readonly maybe?: string | null;
}

const base: Config = {
  name: 'base',
  size: 1,
  nested: { a: 1, b: { c: 'c', d: 'd' } },
  list: ['x', 'y'],
  items: [{ n: 1 }, { n: 2 }],
  map: { one: { v: 1, w: 1 }, two: { v: 2 } },
  maybe: 'set',
};

describe('deepMerge', () => {
  it('merges nested objects key by key and keeps what is not overridden', () => {
    const merged = deepMerge(base, { nested: { b: { c: 'C' } }, map: { two: { w: 22 }, three: { v: 3 } } });
    expect(merged).toEqual({
      ...base,
      nested: { a: 1, b: { c: 'C', d: 'd' } },
      map: { one: { v: 1, w: 1 }, two: { v: 2, w: 22 }, three: { v: 3 } },
    });
  });

  it('replaces arrays instead of concatenating them', () => {
    const merged = deepMerge(base, { list: ['z'], items: [{ n: 9 }] });
    expect(merged.list).toEqual(['z']);
    expect(merged.items).toEqual([{ n: 9 }]);
  });

  it('removes inherited values marked REMOVE, at any depth and in records', () => {
    const merged = deepMerge(base, { size: REMOVE, nested: { b: { d: REMOVE } }, map: { one: REMOVE }, items: REMOVE });
    expect('size' in merged).toBe(false);
    expect(merged.nested.b).toEqual({ c: 'c' });
    expect(Object.keys(merged.map)).toEqual(['two']);
    expect('items' in merged).toBe(false);
  });

  it('drops REMOVE where there is nothing to remove and never leaks the marker', () => {
    const merged = deepMerge<Config>({ ...base, nested: { a: 1 } }, { nested: { b: { c: 'new', d: REMOVE } } });
    expect(merged.nested.b).toEqual({ c: 'new' });
    expect(JSON.stringify(merged)).not.toContain('Symbol');
  });

  it('keeps the inherited value for undefined but replaces it with null', () => {
    // The type forbids an explicit undefined (exactOptionalPropertyTypes); JavaScript callers may still pass one.
    // @ts-expect-error -- the runtime rule is tested, not the type
    expect(deepMerge(base, { name: undefined }).name).toBe('base');
    expect(deepMerge(base, { maybe: null }).maybe).toBeNull();
  });

  it('leaves the base untouched and returns a deeply frozen copy', () => {
    const before = JSON.stringify(base);
    const merged = deepMerge(base, { nested: { a: 2 }, list: ['q'] });
    expect(JSON.stringify(base)).toBe(before);
    expect(Object.isFrozen(base)).toBe(false);
    expect(merged.map.one).not.toBe(base.map.one);
    expect(Object.isFrozen(merged)).toBe(true);
    expect(Object.isFrozen(merged.nested)).toBe(true);
    expect(Object.isFrozen(merged.list)).toBe(true);
    expect(() => {
      (merged.nested as { a: number }).a = 5;
    }).toThrow(TypeError);
  });

  it('keeps class instances (such as cdktf tokens) as they are', () => {
    class Token {}
    const token = new Token();
    const merged = deepMerge<{ readonly t: unknown }>({ t: 1 }, { t: token });
    expect(merged.t).toBe(token);
  });

  it('types REMOVE as allowed only on optional properties', () => {
    const ok: Override<Config> = { size: REMOVE, nested: { b: REMOVE }, map: { one: REMOVE } };
    // @ts-expect-error `name` is required, so it cannot be removed.
    const badRequired: Override<Config> = { name: REMOVE };
    // @ts-expect-error `a` is required inside `nested`.
    const badNested: Override<Config> = { nested: { a: REMOVE } };
    // @ts-expect-error arrays are replaced whole, not overridden element by element.
    const badArray: Override<Config> = { items: [{}] };
    expect([ok, badRequired, badNested, badArray]).toHaveLength(4);
  });
});
