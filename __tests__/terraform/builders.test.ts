import {
  buildApplyArgs,
  buildForceUnlockArgs,
  buildInitArgs,
  buildOutputArgs,
  buildPlanArgs,
  buildShowArgs,
  buildVersionArgs,
  buildWorkspaceListArgs,
  buildWorkspaceNewArgs,
  buildWorkspaceSelectArgs,
  buildWorkspaceShowArgs,
} from '../../pipeline/terraform/index.js';

describe('argument builders', () => {
  it.each<[string, () => string[], string[]]>([
    ['version', () => buildVersionArgs(), ['version', '-json']],
    ['init defaults', () => buildInitArgs(), ['init', '-input=false', '-no-color']],
    [
      'init everything set',
      () =>
        buildInitArgs({
          upgrade: true,
          reconfigure: true,
          lockTimeout: '30s',
          backendConfig: { path: 's/x.tfstate', conn_str: 'postgres://h/db' },
        }),
      [
        'init',
        '-input=false',
        '-no-color',
        '-upgrade',
        '-reconfigure',
        '-lock-timeout=30s',
        '-backend-config=path=s/x.tfstate',
        '-backend-config=conn_str=postgres://h/db',
      ],
    ],
    ['workspace show', () => buildWorkspaceShowArgs(), ['workspace', 'show', '-no-color']],
    ['workspace list', () => buildWorkspaceListArgs(), ['workspace', 'list', '-no-color']],
    [
      'workspace select',
      () => buildWorkspaceSelectArgs('apps-prod'),
      ['workspace', 'select', '-no-color', 'apps-prod'],
    ],
    [
      'workspace select -or-create',
      () => buildWorkspaceSelectArgs('apps', { orCreate: true }),
      ['workspace', 'select', '-or-create', '-no-color', 'apps'],
    ],
    [
      'workspace select, orCreate false',
      () => buildWorkspaceSelectArgs('apps', { orCreate: false }),
      ['workspace', 'select', '-no-color', 'apps'],
    ],
    ['workspace new defaults', () => buildWorkspaceNewArgs('ops'), ['workspace', 'new', '-no-color', 'ops']],
    [
      'workspace new everything set',
      () => buildWorkspaceNewArgs('ops', { lockTimeout: '5s' }),
      ['workspace', 'new', '-no-color', '-lock-timeout=5s', 'ops'],
    ],
    [
      'plan defaults',
      () => buildPlanArgs({ out: 'ops.tfplan' }),
      ['plan', '-json', '-input=false', '-no-color', '-detailed-exitcode', '-out=ops.tfplan'],
    ],
    [
      'plan everything set',
      () =>
        buildPlanArgs({
          out: '/tmp/p.tfplan',
          lockTimeout: '1m',
          parallelism: 4,
          refresh: false,
          destroy: true,
          targets: ['terraform_data.a', 'module.m.x["k"]'],
          vars: { commit: 'abc', ref: 'refs/heads/main' },
        }),
      [
        'plan',
        '-json',
        '-input=false',
        '-no-color',
        '-detailed-exitcode',
        '-out=/tmp/p.tfplan',
        '-lock-timeout=1m',
        '-parallelism=4',
        '-refresh=false',
        '-destroy',
        '-target=terraform_data.a',
        '-target=module.m.x["k"]',
        '-var',
        'commit=abc',
        '-var',
        'ref=refs/heads/main',
      ],
    ],
    [
      'plan refresh true adds nothing',
      () => buildPlanArgs({ out: 'p', refresh: true, destroy: false }),
      ['plan', '-json', '-input=false', '-no-color', '-detailed-exitcode', '-out=p'],
    ],
    [
      'plan lock false reads without locking',
      () => buildPlanArgs({ out: 'p', lock: false }),
      ['plan', '-json', '-input=false', '-no-color', '-detailed-exitcode', '-out=p', '-lock=false'],
    ],
    [
      'plan lock true adds nothing',
      () => buildPlanArgs({ out: 'p', lock: true }),
      ['plan', '-json', '-input=false', '-no-color', '-detailed-exitcode', '-out=p'],
    ],
    ['show', () => buildShowArgs('ops.tfplan'), ['show', '-json', '-no-color', 'ops.tfplan']],
    [
      'apply defaults',
      () => buildApplyArgs('ops.tfplan'),
      ['apply', '-json', '-input=false', '-no-color', 'ops.tfplan'],
    ],
    [
      'apply everything set',
      () => buildApplyArgs('ops.tfplan', { lockTimeout: '30s', parallelism: 2 }),
      ['apply', '-json', '-input=false', '-no-color', '-lock-timeout=30s', '-parallelism=2', 'ops.tfplan'],
    ],
    ['output', () => buildOutputArgs(), ['output', '-json', '-no-color']],
    ['force-unlock', () => buildForceUnlockArgs('8bcc9d87'), ['force-unlock', '-force', '-no-color', '8bcc9d87']],
  ])('%s', (_name, build, expected) => {
    expect(build()).toEqual(expected);
  });

  it.each([
    ['workspace select', () => buildWorkspaceSelectArgs('-lock=false')],
    ['workspace select -or-create', () => buildWorkspaceSelectArgs('-or-create', { orCreate: true })],
    ['workspace new', () => buildWorkspaceNewArgs('')],
    ['force-unlock', () => buildForceUnlockArgs('-h')],
  ])('%s refuses a name that terraform would read as a flag', (_name, build) => {
    expect(build).toThrow(TypeError);
  });
});
