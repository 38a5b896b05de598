import { closestName, editDistance } from '../../stacks/options/closest-name.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['stack', 'stack', 0],
    ['stack', 'stacks', 1], // insertion
    ['stacks', 'stack', 1], // deletion
    ['stack', 'stuck', 1], // substitution
    ['stack', 'satck', 1], // two neighbours swapped
    ['ca', 'abc', 3], // optimal string alignment: a swapped pair is not edited again
    ['pg', 'Pg', 1], // case counts
    ['protectedEnviroments', 'protectedEnvironments', 1],
    ['requireReviewPlan', 'requireReviewedPlan', 2],
    ['kitten', 'sitting', 3],
  ])('%j → %j: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closestName', () => {
  const project = [
    'environments',
    'mainBranch',
    'previewAllEnvironments',
    'stacks',
    'protectedEnvironments',
    'requireReviewedPlan',
    'policies',
  ];

  it.each([
    ['requireReviewPlan', 'requireReviewedPlan', project],
    ['protectedEnviroments', 'protectedEnvironments', project],
    ['environmnets', 'environments', project],
    ['mainbranch', 'mainBranch', project], // case is ignored
    ['MAINBRANCH', 'mainBranch', project],
    ['stack', 'stacks', project],
    ['policys', 'policies', project],
    ['preview', 'previewAllEnvironments', project], // a prefix of it
    ['stateDirectory', 'stateDir', ['type', 'stateDir']], // it starts with the option
    ['backnd', 'backend', ['backend', 'stack']],
    ['overides', 'overrides', ['name', 'inherits', 'overrides']],
    ['inherit', 'inherits', ['name', 'inherits', 'overrides']],
    ['tyep', 'type', ['type', 'stateDir']],
    ['pgg', 'pg', ['local', 'pg', 's3', 'gcs', 'azurerm']],
    ['gc', 'gcs', ['local', 'pg', 's3', 'gcs', 'azurerm']],
    ['s4', 's3', ['local', 'pg', 's3', 'gcs', 'azurerm']], // not pg, two edits away
    ['ab', 'ax', ['ax', 'ay']], // a tie: the earlier candidate
  ])('%j → %j', (name, closest, candidates) => {
    expect(closestName(name, candidates)).toBe(closest);
  });

  it.each([
    ['postgres', ['local', 'pg', 's3', 'gcs', 'azurerm']],
    ['xyz', project],
    ['approve', project],
    ['env', project], // a prefix, but too short to mean anything
    ['anything', []],
    ['policy', project], // three edits from policies: too far for eight letters
  ])('%j is close to none of its options', (name, candidates) => {
    expect(closestName(name, candidates)).toBeUndefined();
  });
});
