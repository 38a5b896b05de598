import { isTransientRace, retryRaces } from '../../pipeline/stackdir/races.js';
import {
  TerraformAbortedError,
  TerraformError,
  TerraformLockError,
  type TerraformErrorInit,
} from '../../pipeline/terraform/index.js';

// Which failures the pipeline retries because a concurrent run was creating the same thing.

function init(stderr: string, command = 'init'): TerraformErrorInit {
  return {
    command,
    args: [command],
    result: { command, args: [command], exitCode: 1, stdout: '', stderr, durationMs: 1 },
  };
}

const failed = (stderr: string, command?: string) =>
  new TerraformError(`terraform ${command ?? 'init'} failed (exit 1): x`, init(stderr, command));

describe('isTransientRace', () => {
  it.each<[string, unknown, boolean]>([
    [
      'pg: two first inits create the same catalog row → retried',
      failed('Error: pq: duplicate key value violates unique constraint "pg_type_typname_nsp_index"'),
      true,
    ],
    ['pg: two first inits create the same table → retried', failed('Error: pq: type "states" already exists'), true],
    [
      'pg: two first inits create the same schema → retried',
      failed('Error: pq: schema "terraform_remote_state" already exists'),
      true,
    ],
    [
      'pg: another run holds the workspace-creation lock → retried',
      failed('failed to lock state in Postgres: Already locked for workspace creation: ops', 'workspace new'),
      true,
    ],
    [
      'another run created the workspace first → retried',
      failed('Workspace "ops" already exists', 'workspace new'),
      true,
    ],
    [
      'local: a lock error without lock info (between flock and info file) → retried',
      new TerraformLockError('state lock is held', init('Error acquiring the state lock', 'plan')),
      true,
    ],
    [
      'pg: the workspace-creation lock reported as a lock error with lock info → retried',
      new TerraformLockError(
        'Cannot lock workspace; already locked for workspace creation: apps',
        init('Error acquiring the state lock', 'plan'),
        'e8fdeced-d9ba-31f4-f5ce-6d4b3bda30b6',
        { who: 'root@vm' },
      ),
      true,
    ],
    [
      'a lock held by a known holder (terraform waited -lock-timeout already) → not retried',
      new TerraformLockError('state lock 1 is held', init('', 'plan'), 'abc-123', { who: 'ci@runner' }),
      false,
    ],
    [
      'pg: a persistent error (permission denied) → not retried',
      failed('Error: pq: permission denied for schema public'),
      false,
    ],
    ['any other terraform failure → not retried', failed('Error: Invalid reference'), false],
    [
      'an aborted run, whatever its output → not retried',
      new TerraformAbortedError(init('Workspace "ops" already exists'), 'SIGINT'),
      false,
    ],
    ['not a terraform error → not retried', new Error('Workspace "ops" already exists'), false],
  ])('%s', (_name, error, expected) => {
    expect(isTransientRace(error)).toBe(expected);
  });
});

describe('retryRaces', () => {
  const race = () => failed('Workspace "ops" already exists', 'workspace new');

  it('tries again after a race and returns the later result', async () => {
    let calls = 0;
    const result = await retryRaces(async () => {
      if (++calls < 3) throw race();
      return 'selected';
    });
    expect({ result, calls }).toEqual({ result: 'selected', calls: 3 });
  });

  it('does not retry other failures', async () => {
    let calls = 0;
    const other = failed('Error: Invalid reference');
    await expect(
      retryRaces(async () => {
        calls++;
        throw other;
      }),
    ).rejects.toBe(other);
    expect(calls).toBe(1);
  });

  it('gives up after a few attempts with the last error', async () => {
    let calls = 0;
    await expect(
      retryRaces(async () => {
        calls++;
        throw race();
      }),
    ).rejects.toBeInstanceOf(TerraformError);
    expect(calls).toBe(5);
  });

  it('stops retrying once the run is aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    await expect(
      retryRaces(
        async () => {
          calls++;
          controller.abort();
          throw race();
        },
        { signal: controller.signal },
      ),
    ).rejects.toBeInstanceOf(TerraformError);
    expect(calls).toBe(1);
  });
});
