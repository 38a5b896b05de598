import {
  buildEnv,
  parseOutputs,
  parseUiLine,
  parseVersion,
  parseWorkspaceList,
  summarizePlanJson,
  versionAtLeast,
} from '../../pipeline/terraform/index.js';

const resource = (addr: string) => ({ addr, module: '', resource: addr, resource_type: 'terraform_data' });

describe('parseUiLine', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    [
      'planned_change',
      { type: 'planned_change', change: { resource: resource('terraform_data.a'), action: 'replace' } },
      { type: 'planned-change', address: 'terraform_data.a', action: 'replace' },
    ],
    [
      'apply_start',
      { type: 'apply_start', hook: { resource: resource('terraform_data.a'), action: 'create' } },
      { type: 'apply-progress', address: 'terraform_data.a', action: 'create', phase: 'start' },
    ],
    [
      'apply_progress',
      { type: 'apply_progress', hook: { resource: resource('x.y'), action: 'create', elapsed_seconds: 10 } },
      { type: 'apply-progress', address: 'x.y', action: 'create', phase: 'progress', elapsedSeconds: 10 },
    ],
    [
      'apply_complete',
      {
        type: 'apply_complete',
        hook: { resource: resource('x.y'), action: 'delete', id_key: 'id', id_value: 'i', elapsed_seconds: 0 },
      },
      { type: 'apply-progress', address: 'x.y', action: 'delete', phase: 'complete', elapsedSeconds: 0 },
    ],
    [
      'apply_errored',
      { type: 'apply_errored', hook: { resource: resource('x.y'), action: 'create', elapsed_seconds: 2 } },
      { type: 'apply-progress', address: 'x.y', action: 'create', phase: 'errored', elapsedSeconds: 2 },
    ],
    [
      'change_summary',
      { type: 'change_summary', changes: { add: 2, change: 1, import: 0, remove: 3, operation: 'apply' } },
      { type: 'change-summary', operation: 'apply', add: 2, change: 1, remove: 3 },
    ],
  ])('maps %s to an event', (_name, message, expected) => {
    expect(parseUiLine(JSON.stringify(message))).toEqual({ event: expected });
  });

  it('keeps only summary, detail and address of a diagnostic (no snippet values)', () => {
    const line = JSON.stringify({
      type: 'diagnostic',
      diagnostic: {
        severity: 'error',
        summary: 'Boom',
        detail: 'why',
        address: 'terraform_data.a',
        snippet: { code: 'secret = "x"', values: [{ traversal: 'var.s', statement: 'is "hunter2"' }] },
      },
    });
    const diagnostic = { severity: 'error', summary: 'Boom', detail: 'why', address: 'terraform_data.a' };
    expect(parseUiLine(line)).toEqual({ event: { type: 'diagnostic', diagnostic }, diagnostic });
  });

  it.each([
    ['a version message', JSON.stringify({ type: 'version', terraform: '1.11.4' })],
    ['an outputs message (it carries values)', JSON.stringify({ type: 'outputs', outputs: { a: { value: 'v' } } })],
    ['a non-JSON line', 'panic: runtime error'],
    ['broken JSON', '{"type": '],
    ['a JSON array', '[1]'],
  ])('ignores %s', (_name, line) => {
    expect(parseUiLine(line)).toEqual({});
  });
});

describe('summarizePlanJson', () => {
  const plan = {
    resource_changes: [
      { address: 'terraform_data.new', change: { actions: ['create'], after: { input: 'hunter2' } } },
      { address: 'terraform_data.same', change: { actions: ['no-op'], before: { input: 'x' } } },
      { address: 'terraform_data.moved', change: { actions: ['update'] } },
      { address: 'terraform_data.gone', change: { actions: ['delete'] } },
      { address: 'terraform_data.swap', change: { actions: ['delete', 'create'] } },
      { address: 'terraform_data.imported', change: { actions: ['no-op'], importing: { id: 'x' } } },
    ],
    output_changes: {
      kept: { actions: ['no-op'], after: 'a' },
      secret: { actions: ['create'], after: 'hunter2', after_sensitive: true },
    },
  };

  it('counts like terraform and lists changes without values', () => {
    const summary = summarizePlanJson(JSON.stringify(plan));
    expect(summary).toEqual({
      summary: { add: 2, change: 1, destroy: 2, replace: 1, import: 1 },
      resourceChanges: [
        { address: 'terraform_data.new', actions: ['create'] },
        { address: 'terraform_data.moved', actions: ['update'] },
        { address: 'terraform_data.gone', actions: ['delete'] },
        { address: 'terraform_data.swap', actions: ['delete', 'create'] },
        { address: 'terraform_data.imported', actions: ['no-op'] },
      ],
      outputChanges: [{ name: 'secret', actions: ['create'] }],
    });
    expect(JSON.stringify(summary)).not.toContain('hunter2');
  });

  it('reads an empty plan', () => {
    expect(summarizePlanJson('{"format_version":"1.2"}')).toEqual({
      summary: { add: 0, change: 0, destroy: 0, replace: 0, import: 0 },
      resourceChanges: [],
      outputChanges: [],
    });
  });
});

describe('parseOutputs', () => {
  it('keeps value, type and the sensitive flag', () => {
    const stdout = JSON.stringify({
      a: { sensitive: false, type: 'string', value: 'x' },
      s: { sensitive: true, type: ['list', 'number'], value: [1] },
    });
    expect(parseOutputs(stdout)).toEqual({
      a: { value: 'x', type: 'string', sensitive: false },
      s: { value: [1], type: ['list', 'number'], sensitive: true },
    });
  });
});

describe('versions', () => {
  it('parses version -json', () => {
    const stdout = JSON.stringify({
      terraform_version: '1.12.0-beta1',
      platform: 'linux_amd64',
      provider_selections: { 'registry.terraform.io/hashicorp/null': '3.2.1' },
      terraform_outdated: true,
    });
    expect(parseVersion(stdout)).toEqual({
      version: '1.12.0-beta1',
      major: 1,
      minor: 12,
      patch: 0,
      prerelease: 'beta1',
      platform: 'linux_amd64',
      providerSelections: { 'registry.terraform.io/hashicorp/null': '3.2.1' },
      outdated: true,
    });
  });

  it.each<[string, string, boolean]>([
    ['1.11.4', '1.6.0', true],
    ['1.11.4', '1.11.4', true],
    ['1.5.7', '1.6.0', false],
    ['1.10.0', '1.9.9', true],
    ['2.0.0', '1.99.0', true],
    ['1.6.0-rc1', '1.6.0', false],
    ['1.6.0', '1.6', true],
  ])('%s >= %s is %s', (have, min, expected) => {
    expect(versionAtLeast(have, min)).toBe(expected);
  });

  it('refuses to compare garbage', () => {
    expect(() => versionAtLeast('dev', '1.0.0')).toThrow(/cannot compare/);
  });
});

describe('parseWorkspaceList', () => {
  it('strips the current-workspace marker and blank lines', () => {
    expect(parseWorkspaceList('  default\n* apps-prod\n  ops\n\n')).toEqual(['default', 'apps-prod', 'ops']);
  });
});

describe('buildEnv', () => {
  it('sets automation variables, drops TF_WORKSPACE and TF_LOG*, merges extra over base', () => {
    const env = buildEnv({
      base: { PATH: '/bin', TF_LOG: 'TRACE', TF_WORKSPACE: 'x', DROP: 'me', TF_IN_AUTOMATION: '', KEEP: 'base' },
      extra: { TF_LOG_PATH: '/tmp/log', TF_LOG_PROVIDER_AWS: 'DEBUG', DROP: undefined, KEEP: 'extra', TF_VAR_x: '1' },
      pluginCacheDir: '/cache',
    });
    expect(env).toEqual({
      PATH: '/bin',
      KEEP: 'extra',
      TF_VAR_x: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      TF_PLUGIN_CACHE_DIR: '/cache',
    });
  });

  it('leaves TF_PLUGIN_CACHE_DIR from the base alone when no cache dir is given', () => {
    expect(buildEnv({ base: { TF_PLUGIN_CACHE_DIR: '/mine' } }).TF_PLUGIN_CACHE_DIR).toBe('/mine');
  });
});
