import { changeGroup, groupChanges, isRisky } from '../../pipeline/report/groups.js';
import { changes } from './fixtures.js';

describe('changeGroup', () => {
  it.each([
    [['create'], 'create'],
    [['update'], 'update'],
    [['delete'], 'destroy'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['read'], 'read'],
    [['forget'], 'forget'],
    [[], 'unknown'],
  ])('%j → %s', (actions, group) => {
    expect(changeGroup(actions)).toBe(group);
  });

  it.each([
    ['destroy', true],
    ['replace', true],
    ['update', false],
    ['create', false],
  ])('%s is risky: %s', (group, risky) => {
    expect(isRisky(group)).toBe(risky);
  });
});

describe('groupChanges', () => {
  it('orders groups riskiest first, unknown groups last, skipping no-ops', () => {
    const grouped = groupChanges(
      changes(
        ['a', 'create'],
        ['b', 'forget'],
        ['c', 'no-op'],
        ['d', 'update'],
        ['e', 'delete'],
        ['f', 'delete', 'create'],
        ['g', 'create'],
      ),
    );
    expect(grouped).toEqual([
      { group: 'replace', addresses: ['f'] },
      { group: 'destroy', addresses: ['e'] },
      { group: 'update', addresses: ['d'] },
      { group: 'create', addresses: ['a', 'g'] },
      { group: 'forget', addresses: ['b'] },
    ]);
  });
});
