import {
  StalePlanError,
  Terraform,
  TerraformAbortedError,
  TerraformError,
  TerraformLockError,
  TerraformNotFoundError,
  TerraformVersionError,
  WorkspaceMissingError,
  type TerraformEvent,
  type TerraformOptions,
} from '../../pipeline/terraform/index.js';
import { withTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait.js';
import { rejectionOf } from '../helpers/errors.js';
import { diagnosticLine, FakeTerraform, uiLine } from './helpers.js';

const LOCK_DETAIL =
  'Lock Info:\n  ID:        lock-123\n  Path:      s/ops.tfstate\n  Operation: OperationTypeApply\n  Who:       ci@runner\n  Created:   2026-01-01 00:00:00 +0000 UTC\n';
const SHOW_JSON = JSON.stringify({
  resource_changes: [
    { address: 'terraform_data.a', change: { actions: ['create'], after: { input: 'plain-secret' } } },
  ],
  output_changes: { token: { actions: ['create'], after: 'plain-secret' } },
});

describe('runner against a fake terraform', () => {
  let fake: FakeTerraform;
  let lines: { line: string; stream: string; command: string }[];
  let events: TerraformEvent[];
  const runner = (extra: Partial<TerraformOptions> = {}): Terraform =>
    new Terraform({
      workingDir: fake.dir,
      binary: fake.binary,
      env: fake.env,
      onOutput: (line, stream, command) => lines.push({ line, stream, command }),
      onEvent: (event) => events.push(event),
      ...extra,
    });

  beforeEach(() => {
    fake = new FakeTerraform();
    lines = [];
    events = [];
  });
  afterEach(() => fake.cleanup());

  it('treats plan exit code 2 as changes and summarizes from the plan stream alone: one process, no show', async () => {
    fake.answer('plan', {
      exit: 2,
      stdout: [
        uiLine({ type: 'planned_change', change: { resource: { addr: 'terraform_data.a' }, action: 'create' } }),
        uiLine({
          type: 'planned_change',
          change: { resource: { addr: 'terraform_data.i' }, action: 'import', importing: { id: 'import-id-7' } },
        }),
        uiLine({ type: 'outputs', outputs: { token: { sensitive: true, action: 'create', value: 'plain-secret' } } }),
      ].join(''),
    });
    const result = await runner({ lockTimeout: '9s' }).plan({ out: 'ops.tfplan' });
    expect(result).toMatchObject({
      hasChanges: true,
      exitCode: 2,
      planFile: 'ops.tfplan',
      summary: { add: 1, import: 1 },
    });
    expect(result.resourceChanges).toEqual([
      { address: 'terraform_data.a', actions: ['create'] },
      { address: 'terraform_data.i', actions: ['no-op'] },
    ]);
    expect(result.outputChanges).toEqual([{ name: 'token', actions: ['create'] }]);
    expect(fake.calls()).toEqual([
      ['plan', '-json', '-input=false', '-no-color', '-detailed-exitcode', '-out=ops.tfplan', '-lock-timeout=9s'],
    ]);
    expect(events).toContainEqual({ type: 'planned-change', address: 'terraform_data.a', action: 'create' });
    expect(lines.some((l) => l.command === 'plan' && l.line.includes('planned_change'))).toBe(true);
    expect(JSON.stringify([events, result.summary, result.resourceChanges, result.outputChanges])).not.toMatch(
      /plain-secret|import-id-7/,
    );
  });

  it('show -json of a saved plan is still summarized without copying values, its stdout kept from onOutput', async () => {
    fake.answer('show', { stdout: SHOW_JSON });
    const summary = await runner().show('ops.tfplan');
    expect(summary.resourceChanges).toEqual([{ address: 'terraform_data.a', actions: ['create'] }]);
    expect(fake.calls()).toEqual([['show', '-json', '-no-color', 'ops.tfplan']]);
    expect(JSON.stringify([lines, events, summary])).not.toContain('plain-secret');
  });

  it('reports no changes for plan exit code 0, with a per-call lock timeout', async () => {
    fake.answer('plan', { exit: 0 });
    const result = await runner({ lockTimeout: '9s' }).plan({ out: 'p', lockTimeout: '1s' });
    expect(result.hasChanges).toBe(false);
    expect(result.resourceChanges).toEqual([]);
    expect(fake.calls()[0]).toContain('-lock-timeout=1s');
  });

  it('turns a failed plan into a TerraformError carrying result and diagnostics', async () => {
    fake.answer('plan', {
      exit: 1,
      stdout: diagnosticLine('error', 'Invalid reference', 'no such thing'),
      stderr: 'noise\n',
    });
    const error = await rejectionOf(runner().plan({ out: 'p' }), TerraformError);
    expect(error).not.toBeInstanceOf(TerraformLockError);
    expect(error.message).toBe('terraform plan failed (exit 1): Invalid reference');
    expect(error).toMatchObject({
      command: 'plan',
      exitCode: 1,
      stderrTail: 'noise',
      diagnostics: [{ severity: 'error', summary: 'Invalid reference', detail: 'no such thing' }],
    });
    expect(error.result?.stdout).toContain('Invalid reference');
    expect(events).toContainEqual({ type: 'diagnostic', diagnostic: error.diagnostics[0] });
    expect(fake.calls()).toHaveLength(1);
  });

  it('classifies a lock diagnostic as TerraformLockError with ID and holder', async () => {
    fake.answer('plan', { exit: 1, stdout: diagnosticLine('error', 'Error acquiring the state lock', LOCK_DETAIL) });
    const error = await rejectionOf(runner().plan({ out: 'p' }), TerraformLockError);
    expect(error.lockId).toBe('lock-123');
    expect(error.holder).toEqual({
      who: 'ci@runner',
      operation: 'OperationTypeApply',
      created: '2026-01-01 00:00:00 +0000 UTC',
      path: 's/ops.tfstate',
    });
  });

  it('classifies a lock error of init from its stderr', async () => {
    fake.answer('init', { exit: 1, stderr: `Error: Error acquiring the state lock\n\n${LOCK_DETAIL}` });
    await expect(runner().init()).rejects.toMatchObject({ name: 'TerraformLockError', lockId: 'lock-123' });
  });

  it('classifies a stale saved plan and reads the apply summary otherwise', async () => {
    fake.answer('apply', { exit: 1, stdout: diagnosticLine('error', 'Saved plan is stale') });
    await expect(runner().apply('p')).rejects.toBeInstanceOf(StalePlanError);
    const ok = new FakeTerraform().answer('apply', {
      stdout: uiLine({ type: 'change_summary', changes: { add: 1, change: 2, remove: 3, operation: 'apply' } }),
    });
    try {
      const result = await new Terraform({ workingDir: ok.dir, binary: ok.binary, env: ok.env }).apply('p', {
        parallelism: 3,
      });
      expect(result.summary).toEqual({ add: 1, change: 2, remove: 3 });
      expect(ok.calls()).toEqual([['apply', '-json', '-input=false', '-no-color', '-parallelism=3', 'p']]);
    } finally {
      ok.cleanup();
    }
  });

  it('raises WorkspaceMissingError only when the workspace is not listed', async () => {
    fake
      .answer('workspace-select', { exit: 1, stderr: 'whatever terraform says\n' })
      .answer('workspace-list', { stdout: '  default\n* ops\n' });
    await expect(runner().workspaceSelect('apps')).rejects.toMatchObject({
      name: 'WorkspaceMissingError',
      workspace: 'apps',
    });
    const other = await rejectionOf(runner().workspaceSelect('ops'), TerraformError);
    expect(other).not.toBeInstanceOf(WorkspaceMissingError);
  });

  it('select-or-create creates a missing workspace and selects an existing one', async () => {
    fake.answer('workspace-list', { stdout: '* default\n  ops\n' });
    const tf = runner({ lockTimeout: '2s' });
    expect(await tf.workspaceSelectOrCreate('apps')).toEqual({ created: true });
    expect(await tf.workspaceSelectOrCreate('ops')).toEqual({ created: false });
    expect(fake.calls()).toEqual([
      ['workspace', 'list', '-no-color'],
      ['workspace', 'new', '-no-color', '-lock-timeout=2s', 'apps'],
      ['workspace', 'list', '-no-color'],
      ['workspace', 'select', '-no-color', 'ops'],
    ]);
  });

  it('force-unlocks by ID and reports a failure to do so', async () => {
    await runner().forceUnlock('lock-123');
    fake.answer('force-unlock', { exit: 1, stderr: 'Failed to unlock state: LocalState not locked\n' });
    await expect(runner().forceUnlock('lock-123')).rejects.toThrow(
      'terraform force-unlock failed (exit 1): Failed to unlock state: LocalState not locked',
    );
    expect(fake.calls()).toEqual([
      ['force-unlock', '-force', '-no-color', 'lock-123'],
      ['force-unlock', '-force', '-no-color', 'lock-123'],
    ]);
  });

  it('returns outputs with their sensitive flag and never passes output stdout to onOutput', async () => {
    fake.answer('output', {
      stdout: JSON.stringify({ token: { sensitive: true, type: 'string', value: 'plain-secret' } }),
    });
    expect(await runner().output()).toEqual({ token: { value: 'plain-secret', type: 'string', sensitive: true } });
    expect(JSON.stringify([lines, events])).not.toContain('plain-secret');
  });

  it('passes a clean environment', async () => {
    process.env.TF_LOG_CORE = 'TRACE';
    process.env.TF_WORKSPACE = 'from-shell';
    process.env.RUNNER_TEST_DROP = 'x';
    let tf: Terraform;
    try {
      tf = runner({
        env: {
          ...fake.env,
          TF_LOG: 'DEBUG',
          TF_LOG_PATH: '/tmp/x',
          RUNNER_TEST_DROP: undefined,
          RUNNER_TEST_KEEP: 'y',
        },
        pluginCacheDir: '/plugin-cache',
      });
    } finally {
      delete process.env.TF_LOG_CORE;
      delete process.env.TF_WORKSPACE;
      delete process.env.RUNNER_TEST_DROP;
    }
    await tf.workspaceShow();
    const env = fake.lastEnv();
    expect(env).toMatchObject({
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      TF_PLUGIN_CACHE_DIR: '/plugin-cache',
      RUNNER_TEST_KEEP: 'y',
      PATH: process.env.PATH,
    });
    expect(
      Object.keys(env).filter((k) => k.startsWith('TF_LOG') || k === 'TF_WORKSPACE' || k === 'RUNNER_TEST_DROP'),
    ).toEqual([]);
  });

  it('turns a missing binary into TerraformNotFoundError with a hint', async () => {
    await withTempDir('tf-runner-nobin-', async (dir) => {
      const error = await rejectionOf(runner({ binary: `${dir}/terraform` }).version(), TerraformNotFoundError);
      expect(error.message).toContain('TERRAFORM_BINARY');
      expect(error.hint).toMatch(/install terraform/);
      expect(error.exitCode).toBe(127);
    });
  });

  it('takes the binary from TERRAFORM_BINARY by default', async () => {
    process.env.TERRAFORM_BINARY = fake.binary;
    try {
      fake.answer('version', { stdout: JSON.stringify({ terraform_version: '1.11.4', platform: 'linux_amd64' }) });
      const tf = new Terraform({ workingDir: fake.dir, env: fake.env });
      expect(tf.binary).toBe(fake.binary);
      expect((await tf.version()).minor).toBe(11);
    } finally {
      delete process.env.TERRAFORM_BINARY;
    }
  });

  it('names the feature when terraform is too old', async () => {
    fake.answer('version', { stdout: JSON.stringify({ terraform_version: '1.5.7', platform: 'linux_amd64' }) });
    const error = await rejectionOf(runner().requireVersion('1.6.0', 'ephemeral values'), TerraformVersionError);
    expect(error.message).toBe('ephemeral values needs terraform >= 1.6.0, found 1.5.7');
    expect(await runner().requireVersion('1.5.0', 'x')).toMatchObject({ version: '1.5.7' });
  });

  it('aborts with SIGINT and lets terraform exit on its own', async () => {
    fake.answer('apply', { mode: 'trap-exit' });
    const controller = new AbortController();
    const applying = runner({ graceMs: 60_000 }).apply('p', { signal: controller.signal });
    await waitFor(() => lines.some((l) => l.line === 'ready'), 'the fake terraform to be ready');
    controller.abort();
    const error = await rejectionOf(applying, TerraformAbortedError);
    expect(error.signal).toBe('SIGINT');
    expect(error.exitCode).toBe(130);
    expect(fake.signals()).toEqual(['INT']);
    expect(events.filter((e) => e.type === 'interrupt')).toEqual([
      { type: 'interrupt', command: 'apply', signal: 'SIGINT' },
    ]);
  });

  it('sends SIGKILL after the grace period when terraform ignores SIGINT', async () => {
    fake.answer('plan', { mode: 'trap-ignore' });
    const controller = new AbortController();
    const planning = runner({ graceMs: 300 }).plan({ out: 'p', signal: controller.signal });
    await waitFor(() => lines.some((l) => l.line === 'ready'), 'the fake terraform to be ready');
    controller.abort();
    const error = await rejectionOf(planning, TerraformAbortedError);
    expect(error.signal).toBe('SIGKILL');
    expect(error.exitCode).toBe(137);
    expect(fake.signals()).toEqual(['INT']);
    expect(events.filter((e) => e.type === 'interrupt').map((e) => (e as { signal: string }).signal)).toEqual([
      'SIGINT',
      'SIGKILL',
    ]);
    expect(fake.calls()).toHaveLength(1);
  });

  it('does not start terraform for an already aborted signal', async () => {
    const error = await runner()
      .init({ signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TerraformAbortedError', signal: undefined });
    expect(fake.calls()).toEqual([]);
  });

  it('lets terraform finish when a callback throws, then rejects with that error', async () => {
    const boom = new Error('callback bug');
    const tf = runner({
      onEvent: () => {
        throw boom;
      },
    });
    await expect(tf.workspaceShow()).rejects.toBe(boom);
    expect(fake.calls()).toEqual([['workspace', 'show', '-no-color']]);
  });
});
