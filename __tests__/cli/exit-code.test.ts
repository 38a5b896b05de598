import { CommanderError } from 'commander';
import { errorLine, exitCodeFor } from '../../pipeline/cli/exit-code.js';
import { ConfigError, ExitCode, GateRefusedError } from '../../pipeline/errors.js';
import { GitError } from '../../pipeline/git/index.js';
import { RefError } from '../../pipeline/refs/index.js';
import {
  TerraformError,
  TerraformLockError,
  TerraformNotFoundError,
  TerraformVersionError,
} from '../../pipeline/terraform/index.js';

const init = { command: 'plan', args: ['plan'], exitCode: 1 };
const gitError = (kind: 'not-a-repository' | 'failed') =>
  new GitError('git failed', { kind, args: ['status'], cwd: '/' });

describe('exitCodeFor', () => {
  it.each<[string, unknown, number]>([
    ['help', new CommanderError(0, 'commander.helpDisplayed', ''), ExitCode.success],
    ['unknown option', new CommanderError(1, 'commander.unknownOption', ''), ExitCode.usage],
    ['config error (its own code)', new ConfigError('bad'), ExitCode.usage],
    ['ref error (a config error)', new RefError('bad ref'), ExitCode.usage],
    ['gate refusal (its own code)', new GateRefusedError('no', 'reachable-from-main'), ExitCode.refused],
    ['terraform missing', new TerraformNotFoundError(init, 'terraform'), ExitCode.usage],
    ['terraform too old', new TerraformVersionError(init, 'x', '1.4.0', '1.3.0'), ExitCode.usage],
    [
      "terraform failed (its exit code is terraform's, not ours)",
      new TerraformError('boom', { ...init, exitCode: 3 }),
      ExitCode.failure,
    ],
    ['lock held', new TerraformLockError('held', init), ExitCode.failure],
    ['not a repository', gitError('not-a-repository'), ExitCode.usage],
    ['git failed', gitError('failed'), ExitCode.failure],
    ['anything else', new Error('bug'), ExitCode.failure],
  ])('%s', (_name, error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });
});

describe('errorLine', () => {
  it('says terraform failed for a terraform failure, error for the rest, and shows a stack only for unknown errors', () => {
    expect(errorLine(new TerraformError('boom', init))).toBe('terraform failed: boom');
    expect(errorLine(new TerraformNotFoundError(init, 'tf'))).toMatch(/^error: terraform binary 'tf' not found/);
    expect(errorLine(new ConfigError('bad'))).toBe('error: bad');
    expect(errorLine('text')).toBe('error: text');
    expect(errorLine(new Error('bug'))).toMatch(/^error: Error: bug\n\s+at /);
  });
});
