import { driftCheckRecord, parseDriftCheckRecord } from '../../pipeline/drift/last-check.js';
import { driftToJson, driftToMarkdown } from '../../pipeline/drift/markdown.js';
import { combineStacks } from '../../pipeline/drift/check.js';
import type { DriftResult, EnvironmentDrift, StackDrift } from '../../pipeline/model.js';
import { SHA } from '../report/fixtures.js';

const none = { add: 0, change: 0, destroy: 0 };
const stackDrift = (stack: string, over: Partial<StackDrift> = {}): StackDrift => ({
  stack,
  drift: false,
  changes: none,
  resourceChanges: [],
  durationMs: 5,
  ...over,
});

describe('combineStacks: the check of an environment from its stacks', () => {
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
