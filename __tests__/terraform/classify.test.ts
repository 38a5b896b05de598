import { classifyFailure, failureReason, parseLockInfo, type Diagnostic } from '../../pipeline/terraform/index.js';

const LOCK_DETAIL = [
  'Error message: resource temporarily unavailable',
  'Lock Info:',
  '  ID:        8bcc9d87-0769-fd26-5daa-8bbf13d2b35b',
  '  Path:      terraform.tfstate.d/ops/terraform.tfstate',
  '  Operation: OperationTypeApply',
  '  Who:       ci@runner-7',
  '  Version:   1.11.4',
  '  Created:   2026-11-28 15:18:13.927170811 +0000 UTC',
  '  Info:      ',
  '',
  'Terraform acquires a state lock to protect the state from being written',
].join('\n');

const HOLDER = {
  path: 'terraform.tfstate.d/ops/terraform.tfstate',
  operation: 'OperationTypeApply',
  who: 'ci@runner-7',
  created: '2026-11-28 15:18:13.927170811 +0000 UTC',
};

const CLI_CONFIG_WARNING = [
  'There are some problems with the CLI configuration:',
  '╷',
  '│ Warning: Unable to open CLI configuration file',
  '│',
  '│ The CLI configuration file at "/root/.terraformrc" does not exist.',
  '╵',
  '',
].join('\n');

const error = (summary: string, detail?: string): Diagnostic => ({
  severity: 'error',
  summary,
  ...(detail ? { detail } : {}),
});

describe('classifyFailure', () => {
  it('reads a lock error and its holder from the -json diagnostic', () => {
    expect(classifyFailure([error('Error acquiring the state lock', LOCK_DETAIL)], '')).toEqual({
      kind: 'lock',
      lockId: '8bcc9d87-0769-fd26-5daa-8bbf13d2b35b',
      holder: HOLDER,
    });
  });

  it('falls back to stderr for commands without -json (init, workspace)', () => {
    const stderr = `${CLI_CONFIG_WARNING}\nError: Error acquiring the state lock\n\n${LOCK_DETAIL}\n`;
    expect(classifyFailure([], stderr)).toEqual({
      kind: 'lock',
      lockId: '8bcc9d87-0769-fd26-5daa-8bbf13d2b35b',
      holder: HOLDER,
    });
  });

  it('reads the boxed form of a lock error too', () => {
    const boxed = LOCK_DETAIL.split('\n')
      .map((line) => `│ ${line}`)
      .join('\n');
    expect(classifyFailure([], `│ Error: Error acquiring the state lock\n${boxed}`)).toMatchObject({
      kind: 'lock',
      holder: { who: 'ci@runner-7' },
    });
  });

  it('keeps a lock error without lock info a lock error', () => {
    expect(classifyFailure([error('Error acquiring the state lock', 'timeout')], '')).toEqual({ kind: 'lock' });
  });

  it.each<[string, Diagnostic[], string, string]>([
    [
      'a stale plan diagnostic',
      [error('Saved plan is stale', 'The given plan file can no longer be applied')],
      '',
      'stale-plan',
    ],
    ['a stale plan in stderr', [], 'Error: Saved plan is stale\n', 'stale-plan'],
    ['another error', [error('Invalid reference')], '', 'other'],
    ['only warnings, stderr without a known error', [{ severity: 'warning', summary: 'Deprecated' }], 'boom', 'other'],
    ['diagnostics win over stderr text', [error('Invalid reference')], 'Error acquiring the state lock', 'other'],
  ])('classifies %s', (_name, diagnostics, stderr, kind) => {
    expect(classifyFailure(diagnostics, stderr).kind).toBe(kind);
  });
});

describe('parseLockInfo', () => {
  it('returns nothing for text without lock info', () => {
    expect(parseLockInfo('no lock here')).toEqual({});
  });
});

describe('failureReason', () => {
  it.each<[string, Diagnostic[], string, string | undefined]>([
    [
      'the first error diagnostic',
      [{ severity: 'warning', summary: 'W' }, error('First'), error('Second')],
      'Error: stderr',
      'First',
    ],
    [
      'the Error: line of stderr',
      [],
      `${CLI_CONFIG_WARNING}\nError: Backend initialization required\n\ndetail`,
      'Backend initialization required',
    ],
    [
      'the first message after the config warning',
      [],
      `${CLI_CONFIG_WARNING}\n\nWorkspace "nope" doesn't exist.\n\nYou can create`,
      'Workspace "nope" doesn\'t exist.',
    ],
    ['nothing for empty stderr', [], '', undefined],
  ])('picks %s', (_name, diagnostics, stderr, expected) => {
    expect(failureReason(diagnostics, stderr)).toBe(expected);
  });
});
