import {
  classifyRef,
  deployTagPatterns,
  mainBranchName,
  type RefContext,
  type Trigger,
} from '../../pipeline/refs/index.js';

const three: RefContext = { environments: ['ops', 'apps', 'apps-prod'], mainBranch: 'main' };
const two: RefContext = { environments: ['ops', 'apps'], mainBranch: 'main' };
const custom: RefContext = { environments: ['build', 'edge', 'edge-eu', 'core'], mainBranch: 'trunk' };

/** The trigger without `reason`, for table comparisons; reasons are checked separately. */
function shape(trigger: Trigger): Record<string, string> {
  const { reason: _reason, ...rest } = trigger as Trigger & { reason?: string };
  return rest as Record<string, string>;
}

describe('classifyRef, default three environments', () => {
  it.each<[string, Record<string, string>]>([
    ['refs/heads/main', { kind: 'main', ref: 'refs/heads/main', branch: 'main' }],
    ['refs/heads/feature-x', { kind: 'feature-branch', ref: 'refs/heads/feature-x', branch: 'feature-x' }],
    [
      'refs/heads/feature/nested',
      { kind: 'feature-branch', ref: 'refs/heads/feature/nested', branch: 'feature/nested' },
    ],
    ['refs/heads/main-fix', { kind: 'feature-branch', ref: 'refs/heads/main-fix', branch: 'main-fix' }],
    ['refs/heads/Main', { kind: 'feature-branch', ref: 'refs/heads/Main', branch: 'Main' }],
    ['refs/heads/apps-deploy-1', { kind: 'feature-branch', ref: 'refs/heads/apps-deploy-1', branch: 'apps-deploy-1' }],
    [
      'refs/tags/apps-deploy-1',
      { kind: 'deploy-tag', ref: 'refs/tags/apps-deploy-1', tag: 'apps-deploy-1', environment: 'apps', suffix: '1' },
    ],
    [
      'refs/tags/apps-prod-deploy-1',
      {
        kind: 'deploy-tag',
        ref: 'refs/tags/apps-prod-deploy-1',
        tag: 'apps-prod-deploy-1',
        environment: 'apps-prod',
        suffix: '1',
      },
    ],
    [
      'refs/tags/apps-deploy-2024-01-05.rc/2',
      {
        kind: 'deploy-tag',
        ref: 'refs/tags/apps-deploy-2024-01-05.rc/2',
        tag: 'apps-deploy-2024-01-05.rc/2',
        environment: 'apps',
        suffix: '2024-01-05.rc/2',
      },
    ],
    // The suffix may itself contain "-deploy-": the environment is still the prefix.
    [
      'refs/tags/apps-deploy-x-deploy-y',
      {
        kind: 'deploy-tag',
        ref: 'refs/tags/apps-deploy-x-deploy-y',
        tag: 'apps-deploy-x-deploy-y',
        environment: 'apps',
        suffix: 'x-deploy-y',
      },
    ],
    ['refs/tags/ops-deploy-1', { kind: 'none', ref: 'refs/tags/ops-deploy-1' }],
    ['refs/tags/v1.0', { kind: 'none', ref: 'refs/tags/v1.0' }],
    ['refs/tags/apps-deploy-', { kind: 'none', ref: 'refs/tags/apps-deploy-' }],
    ['refs/tags/apps-prod-deploy-', { kind: 'none', ref: 'refs/tags/apps-prod-deploy-' }],
    ['refs/tags/apps-deploy', { kind: 'none', ref: 'refs/tags/apps-deploy' }],
    ['refs/tags/Apps-deploy-1', { kind: 'none', ref: 'refs/tags/Apps-deploy-1' }],
    ['refs/tags/xapps-deploy-1', { kind: 'none', ref: 'refs/tags/xapps-deploy-1' }],
    ['refs/tags/staging-deploy-1', { kind: 'none', ref: 'refs/tags/staging-deploy-1' }],
    ['refs/tags/main', { kind: 'none', ref: 'refs/tags/main' }],
    ['refs/pull/7/merge', { kind: 'none', ref: 'refs/pull/7/merge' }],
    ['refs/pull/7/head', { kind: 'none', ref: 'refs/pull/7/head' }],
    ['refs/merge-requests/3/head', { kind: 'none', ref: 'refs/merge-requests/3/head' }],
    ['refs/remotes/origin/main', { kind: 'none', ref: 'refs/remotes/origin/main' }],
    ['refs/notes/commits', { kind: 'none', ref: 'refs/notes/commits' }],
    ['main', { kind: 'none', ref: 'main' }],
    ['refs/heads/', { kind: 'none', ref: 'refs/heads/' }],
    ['refs/tags/', { kind: 'none', ref: 'refs/tags/' }],
  ])('%s', (ref, expected) => {
    expect(shape(classifyRef(ref, three))).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ['refs/tags/v1', /^tag 'v1' matches no deploy tag pattern \(apps-deploy-\*, apps-prod-deploy-\*\)$/],
    [
      'refs/tags/ops-deploy-1',
      /internal environment 'ops', which is changed only through the 'main' branch; deploy tags are \(apps-deploy-\*, apps-prod-deploy-\*\)/,
    ],
    ['refs/tags/apps-deploy-', /empty suffix.*'apps-deploy-1'.*\(apps-deploy-\*, apps-prod-deploy-\*\)/],
    ['refs/tags/apps-prod-deploy-', /empty suffix.*'apps-prod-deploy-1'/],
    [
      'refs/pull/7/merge',
      /pull request ref.*branches \(refs\/heads\/\*\) and deploy tags \(apps-deploy-\*, apps-prod-deploy-\*\)/,
    ],
    ['refs/merge-requests/3/head', /merge request ref, which runs no stages/],
    ['refs/remotes/origin/main', /neither a branch \(refs\/heads\/\*\) nor a tag \(refs\/tags\/\*\)/],
    ['main', /not a full ref/],
  ])('%s: reason says why and which patterns match', (ref, reason) => {
    const trigger = classifyRef(ref, three);
    expect(trigger.kind).toBe('none');
    expect(trigger.kind === 'none' && trigger.reason).toMatch(reason);
  });
});

describe('classifyRef, two environments', () => {
  it.each<[string, string, string | undefined]>([
    ['refs/heads/main', 'main', undefined],
    ['refs/heads/dev', 'feature-branch', undefined],
    ['refs/tags/apps-deploy-7', 'deploy-tag', 'apps'],
    ['refs/tags/apps-prod-deploy-7', 'none', undefined],
    ['refs/tags/apps-deploy-prod-7', 'deploy-tag', 'apps'],
    ['refs/tags/ops-deploy-7', 'none', undefined],
  ])('%s -> %s %s', (ref, kind, environment) => {
    const trigger = classifyRef(ref, two);
    expect(trigger.kind).toBe(kind);
    expect(trigger.kind === 'deploy-tag' ? trigger.environment : undefined).toBe(environment);
  });

  it('an environment-prefixed tag is not a deploy tag of a shorter environment (apps-prod-deploy-7 is not apps)', () => {
    const trigger = classifyRef('refs/tags/apps-prod-deploy-7', two);
    expect(trigger.kind === 'none' && trigger.reason).toBe(
      "tag 'apps-prod-deploy-7' matches no deploy tag pattern (apps-deploy-*)",
    );
  });

  it('lists only its own pattern in reasons', () => {
    const trigger = classifyRef('refs/tags/v2', two);
    expect(trigger.kind === 'none' && trigger.reason).toBe("tag 'v2' matches no deploy tag pattern (apps-deploy-*)");
  });
});

describe('classifyRef, custom layout build, edge, edge-eu, core; main branch trunk', () => {
  it.each<[string, Record<string, string>]>([
    ['refs/heads/trunk', { kind: 'main', ref: 'refs/heads/trunk', branch: 'trunk' }],
    ['refs/heads/main', { kind: 'feature-branch', ref: 'refs/heads/main', branch: 'main' }],
    [
      'refs/tags/edge-deploy-1',
      { kind: 'deploy-tag', ref: 'refs/tags/edge-deploy-1', tag: 'edge-deploy-1', environment: 'edge', suffix: '1' },
    ],
    [
      'refs/tags/edge-eu-deploy-1',
      {
        kind: 'deploy-tag',
        ref: 'refs/tags/edge-eu-deploy-1',
        tag: 'edge-eu-deploy-1',
        environment: 'edge-eu',
        suffix: '1',
      },
    ],
    [
      'refs/tags/core-deploy-r9',
      { kind: 'deploy-tag', ref: 'refs/tags/core-deploy-r9', tag: 'core-deploy-r9', environment: 'core', suffix: 'r9' },
    ],
    ['refs/tags/build-deploy-1', { kind: 'none', ref: 'refs/tags/build-deploy-1' }],
    ['refs/tags/edge-us-deploy-1', { kind: 'none', ref: 'refs/tags/edge-us-deploy-1' }],
  ])('%s', (ref, expected) => {
    expect(shape(classifyRef(ref, custom))).toEqual(expected);
  });

  it('longest match wins regardless of the order environments are listed in', () => {
    const reordered: RefContext = { environments: ['build', 'edge-eu', 'edge', 'core'], mainBranch: 'trunk' };
    expect(classifyRef('refs/tags/edge-eu-deploy-1', reordered)).toMatchObject({ environment: 'edge-eu', suffix: '1' });
    expect(classifyRef('refs/tags/edge-deploy-eu-1', reordered)).toMatchObject({ environment: 'edge', suffix: 'eu-1' });
  });

  it('names the internal environment and the custom main branch', () => {
    const trigger = classifyRef('refs/tags/build-deploy-1', custom);
    expect(trigger.kind === 'none' && trigger.reason).toMatch(
      /internal environment 'build', which is changed only through the 'trunk' branch/,
    );
    expect(trigger.kind === 'none' && trigger.reason).toContain('(edge-deploy-*, edge-eu-deploy-*, core-deploy-*)');
  });
});

describe('helpers', () => {
  it('deployTagPatterns skips the internal environment', () => {
    expect(deployTagPatterns(three)).toEqual(['apps-deploy-*', 'apps-prod-deploy-*']);
    expect(deployTagPatterns(custom)).toEqual(['edge-deploy-*', 'edge-eu-deploy-*', 'core-deploy-*']);
  });

  it.each([
    ['main', 'main'],
    ['refs/heads/main', 'main'],
  ])('mainBranchName(%s) = %s', (mainBranch, expected) => {
    expect(mainBranchName({ environments: ['ops'], mainBranch })).toBe(expected);
  });

  it('accepts the main branch configured as a full ref', () => {
    expect(classifyRef('refs/heads/main', { ...three, mainBranch: 'refs/heads/main' }).kind).toBe('main');
  });
});
