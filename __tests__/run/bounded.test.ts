import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { mapBounded } from '../../pipeline/execute/bounded.js';
import { stackAt } from '../helpers/terraform-project.js';
import { TempDirs } from '../helpers/temp-dir.js';

describe('mapBounded', () => {
  it('keeps the order of the items and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const result = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return n * 10;
    });
    expect(result).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('runs everything at once when the limit exceeds the items, and handles no items', async () => {
    let most = 0;
    let running = 0;
    await mapBounded([1, 2, 3], 10, async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    });
    expect(most).toBe(3);
    expect(await mapBounded([], 2, async () => 1)).toEqual([]);
  });

  it('rejects a limit that is not a positive integer', async () => {
    await expect(mapBounded([1], 0, async () => 1)).rejects.toThrow(/positive integer/);
    await expect(mapBounded([1], 1.5, async () => 1)).rejects.toThrow(/positive integer/);
  });

  it('rejects with the first failure', async () => {
    await expect(
      mapBounded([1, 2], 2, async (n) => {
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
  });
});

describe('read-only plans and the state lock', () => {
  const dirs = new TempDirs('cdktf-gitops-lock-');
  afterAll(() => dirs.removeAll());
  const stack = (backend: object | undefined) => {
    const dir = dirs.make();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify({ terraform: backend ? { backend } : {} }));
    return dir;
  };

  it('pg plans without the lock (atomic row reads); local and unverified backends take it', () => {
    const locks = (dir: string) => stackAt(dir).readOnlyPlanLocks;
    expect(stackAt(stack({ pg: {} })).backend?.type).toBe('pg');
    expect(locks(stack({ pg: {} }))).toBe(false);
    expect(locks(stack({ local: { path: 'x' } }))).toBe(true);
    expect(locks(stack({ s3: { bucket: 'b' } }))).toBe(true);
    expect(locks(stack(undefined))).toBe(true);
    expect(() => stackAt(path.join(tmpdir(), 'no-such-stack-dir'))).toThrow(/cdk\.tf\.json is missing/);
  });
});
