import { driftCheckRecord, parseDriftCheckRecord } from '../../pipeline/drift/last-check.js';
import { driftToJson, driftToMarkdown } from '../../pipeline/drift/markdown.js';
import { combineStacks, planStacks, type StackPlan } from '../../pipeline/drift/stacks.js';
import type { DriftResult, EnvironmentDrift, StackDrift } from '../../pipeline/drift/types.js';
import type { EnvironmentStackInfo } from '../../pipeline/project/environment-stacks.js';
import type { StoredRecord } from '../../pipeline/run/record.js';
import { SHA } from '../report/fixtures.js';

const info = (name: string, dependsOn: string[] = []): EnvironmentStackInfo => ({
  name,
  named: true,
  id: `ops-${name}`,
  dir: `/out/stacks/ops-${name}`,
  dependsOn,
});
const stored = (stack: string): StoredRecord => ({ raw: `{"commit":"${stack}"}` });
const none = { add: 0, change: 0, destroy: 0 };
const clean: StackPlan = { drift: false, changes: none, resourceChanges: [] };
const stackDrift = (stack: string, over: Partial<StackDrift> = {}): StackDrift => ({
  stack,
  drift: false,
  changes: none,
  resourceChanges: [],
  durationMs: 5,
  ...over,
});

describe('planStacks: each stack of an environment checked with its own record', () => {
  const stacks = [info('a'), info('b', ['a']), info('c')];
  const records = stacks.map((s) => ({ stack: s.name, stored: stored(s.name) }));

  it("plans every stack's directory with that stack's stored record and finds drift in the one that drifted", async () => {
    const calls: [string, string | undefined][] = [];
    const result = await planStacks(stacks, records, {
      plan: async (dir, record) => {
        calls.push([dir, record?.raw]);
        return dir.endsWith('ops-b')
          ? {
              drift: true,
              changes: { add: 1, change: 0, destroy: 0 },
              resourceChanges: [{ address: 'terraform_data.service', actions: ['create'] }],
            }
          : clean;
      },
      messageOf: String,
    });
    expect(calls).toEqual([
      ['/out/stacks/ops-a', '{"commit":"a"}'],
      ['/out/stacks/ops-b', '{"commit":"b"}'],
      ['/out/stacks/ops-c', '{"commit":"c"}'],
    ]);
    expect(result).toMatchObject({
      drift: true,
      changes: { add: 1, change: 0, destroy: 0 },
      resourceChanges: [{ address: 'b:terraform_data.service', actions: ['create'] }],
    });
    expect(result.error).toBeUndefined();
    expect(result.stacks!.map((s) => [s.stack, s.drift])).toEqual([
      ['a', false],
      ['b', true],
      ['c', false],
    ]);
  });

  it("keeps checking after a stack's failure; the environment's error names the stack", async () => {
    const result = await planStacks(stacks, records, {
      plan: async (dir) => {
        if (dir.endsWith('ops-a')) throw new Error('state locked');
        return clean;
      },
      messageOf: (e) => `said: ${(e as Error).message}`,
    });
    expect(result.drift).toBeNull();
    expect(result.error).toEqual({ message: 'a: said: state locked' });
    expect(result.stacks!.map((s) => [s.stack, s.drift, s.error?.message])).toEqual([
      ['a', null, 'said: state locked'],
      ['b', false, undefined],
      ['c', false, undefined],
    ]);
  });

  it('fails a stack the recorded commit has but whose record this checkout did not read', async () => {
    const result = await planStacks(stacks, records.slice(0, 2), {
      plan: async () => clean,
      messageOf: (e) => String(e),
    });
    expect(result.stacks![2]).toMatchObject({ stack: 'c', drift: null });
    expect(result.error!.message).toBe("c: Error: stack 'c' of the recorded commit is not in this checkout");
  });

  it('rethrows when interrupted and starts no further stack', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const interrupted = planStacks(stacks, records, {
      plan: async (dir) => {
        started.push(dir);
        controller.abort(new Error('interrupted'));
        throw new Error('terraform killed');
      },
      messageOf: String,
      signal: controller.signal,
    });
    await expect(interrupted).rejects.toThrow('terraform killed');
    expect(started).toEqual(['/out/stacks/ops-a']);
  });

  it('reports known drift even when another stack could not be checked', () => {
    const result = combineStacks([
      stackDrift('a', { drift: null, error: { message: 'boom' } }),
      stackDrift('b', { drift: true, changes: { add: 0, change: 1, destroy: 0 } }),
    ]);
    expect(result).toMatchObject({
      drift: true,
      error: { message: 'a: boom' },
      changes: { add: 0, change: 1, destroy: 0 },
    });
  });
});

describe('drift reports of an environment made of stacks', () => {
  const ops: EnvironmentDrift = {
    environment: 'ops',
    commit: SHA,
    behindMain: 1,
    drift: true,
    changes: { add: 1, change: 0, destroy: 1 },
    resourceChanges: [
      { address: 'b:terraform_data.service', actions: ['create'] },
      { address: 'c:terraform_data.old', actions: ['delete'] },
    ],
    durationMs: 30,
    stacks: [
      stackDrift('a'),
      stackDrift('b', {
        drift: true,
        changes: { add: 1, change: 0, destroy: 0 },
        resourceChanges: [{ address: 'terraform_data.service', actions: ['create'] }],
      }),
      stackDrift('c', {
        drift: true,
        changes: { add: 0, change: 0, destroy: 1 },
        resourceChanges: [{ address: 'terraform_data.old', actions: ['delete'] }],
      }),
    ],
  };
  const partial: EnvironmentDrift = {
    environment: 'apps',
    commit: null,
    behindMain: null,
    drift: null,
    changes: none,
    resourceChanges: [],
    reason: `partial apply: its stacks record different applies (a ${SHA.slice(0, 12)}, b none)`,
    durationMs: 0,
  };
  const result: DriftResult = {
    status: 'drift',
    checkedAt: '2026-12-04T10:00:00.000Z',
    environments: [ops, partial],
    durationMs: 9,
  };

  it('JSON lists each stack with its own result and changes; one-stack environments have no `stacks`', () => {
    const json = driftToJson(result) as { environments: Record<string, unknown>[] };
    expect(json.environments[0]).toMatchObject({
      environment: 'ops',
      drift: true,
      changes: { add: 1, change: 0, destroy: 1 },
    });
    expect(json.environments[0]!.stacks).toEqual([
      { stack: 'a', drift: false, changes: none, resourceChanges: [] },
      {
        stack: 'b',
        drift: true,
        changes: { add: 1, change: 0, destroy: 0 },
        resourceChanges: [{ address: 'terraform_data.service', actions: ['create'] }],
      },
      {
        stack: 'c',
        drift: true,
        changes: { add: 0, change: 0, destroy: 1 },
        resourceChanges: [{ address: 'terraform_data.old', actions: ['delete'] }],
      },
    ]);
    expect(json.environments[1]).not.toHaveProperty('stacks');
    expect(json.environments[1]!.reason).toMatch(/^partial apply: /);
  });

  it("Markdown has a row per stack under its environment's, flags the stack's destroy and says why one was not checked", () => {
    const md = driftToMarkdown(result);
    const rows = md.split('\n').filter((l) => l.startsWith('| ops') || l.startsWith('| apps'));
    expect(rows).toEqual([
      `| ops | \`${SHA.slice(0, 12)}\` | 1 | ⚠️ DRIFT | 1 | 0 | **1** ⚠️ |`,
      '| ops/a |  |  | ✅ no drift | 0 | 0 | 0 |',
      '| ops/b |  |  | ⚠️ DRIFT | 1 | 0 | 0 |',
      '| ops/c |  |  | ⚠️ DRIFT | 0 | 0 | **1** ⚠️ |',
      `| apps |  |  | — partial apply: its stacks record different applies (a ${SHA.slice(0, 12)}, b none) | 0 | 0 | 0 |`,
    ]);
    expect(md).toContain('- ops: `c:terraform_data.old` (destroy)');
    expect(md).toContain('<details><summary>ops: 1 to add, 0 to change, 1 to destroy</summary>');
  });

  it("keeps each stack's result for status, and reads it back", () => {
    const check = driftCheckRecord(ops, result.checkedAt)!;
    expect(check.stacks).toEqual([
      { stack: 'a', result: 'no-drift' },
      { stack: 'b', result: 'drift' },
      { stack: 'c', result: 'drift' },
    ]);
    expect(parseDriftCheckRecord(JSON.parse(JSON.stringify(check)))).toEqual(check);
    // Junk entries are dropped; a check without stacks reads back without them.
    const junk = { ...check, stacks: [{ stack: 'a', result: 'maybe' }, 7] };
    expect(parseDriftCheckRecord(junk)).not.toHaveProperty('stacks');
    const { stacks: _gone, ...one } = check;
    expect(parseDriftCheckRecord(one)).toEqual(one);
  });
});
