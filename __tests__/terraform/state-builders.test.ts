import { buildStatePullArgs, buildStatePushArgs } from '../../pipeline/terraform/index.js';

describe('state argument builders', () => {
  it.each<[string, () => string[], string[]]>([
    ['state pull', () => buildStatePullArgs(), ['state', 'pull']],
    ['state push defaults', () => buildStatePushArgs('meta.tfstate'), ['state', 'push', 'meta.tfstate']],
    [
      'state push everything set',
      () => buildStatePushArgs('/tmp/m.tfstate', { lockTimeout: '30s' }),
      ['state', 'push', '-lock-timeout=30s', '/tmp/m.tfstate'],
    ],
  ])('%s', (_name, build, expected) => {
    expect(build()).toEqual(expected);
  });

  it.each(['', '-', '-force'])('state push refuses %j, which terraform would read as stdin or a flag', (file) => {
    expect(() => buildStatePushArgs(file)).toThrow(TypeError);
  });
});
