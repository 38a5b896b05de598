import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MAX_HOOK_OUTPUT, runHook, verifyHookEnv } from '../../pipeline/hooks/run-hook.js';
import { policyScript } from '../e2e/review-project.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait.js';

/** Whether `pid` is a live process (a zombie waiting to be reaped is not). */
function isRunning(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (existsSync('/proc/self/stat')) {
    try {
      const text = readFileSync(stat, 'utf8');
      return text.slice(text.lastIndexOf(')') + 2)[0] !== 'Z';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids a script wrote to `file`, one a line. */
function pidsIn(file: string): number[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : [];
}

describe('runHook (real processes)', () => {
  const dir = useTempDir('run-hook-');
  const env = {
    PATH: process.env.PATH,
    HOME: '/home/ci',
    PG_CONN_STR: 'postgres://secret',
    TF_VAR_token: 't',
    URL: 'u',
  };
  const opts = (more: object = {}) => ({ cwd: dir(), env, input: '{"url":{"value":"https://apps.example"}}', ...more });

  it('passes on exit 0; a string runs through sh with the input on stdin', async () => {
    const result = await runHook({ name: 'read', command: 'cat; echo; echo " done"' }, opts());
    expect(result).toMatchObject({
      name: 'read',
      status: 'passed',
      exitCode: 0,
      timedOut: false,
      output: '{"url":{"value":"https://apps.example"}}\n done',
    });
    expect(result.message).toBeUndefined();
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('an argument vector runs without a shell (no word splitting, no expansion)', async () => {
    const result = await runHook({ name: 'argv', command: ['printf', '%s|', 'a b', '$HOME'] }, opts());
    expect(result).toMatchObject({ status: 'passed', output: 'a b|$HOME|' });
  });

  it('gets the allow list, its passEnv and the verification variables, no credential', async () => {
    const hook = { name: 'env', command: 'env | grep -vE "^(PWD|SHLVL|_)=" | sort', passEnv: ['URL'] };
    const extraEnv = verifyHookEnv({ environment: 'apps', commit: 'abc123', ref: 'refs/tags/apps-deploy-1' });
    const result = await runHook(hook, opts({ extraEnv }));
    expect(result.output.split('\n')).toEqual([
      'CDKTF_GITOPS_COMMIT=abc123',
      'CDKTF_GITOPS_ENVIRONMENT=apps',
      'CDKTF_GITOPS_REF=refs/tags/apps-deploy-1',
      'HOME=/home/ci',
      `PATH=${process.env.PATH}`,
      'URL=u',
    ]);
  });

  it('fails on a non-zero exit, with stdout and stderr and the exit code', async () => {
    const result = await runHook(
      { name: 'smoke', command: 'echo out; echo err >&2; exit 3' },
      opts({ label: "verification 'smoke'" }),
    );
    expect(result).toMatchObject({
      status: 'failed',
      exitCode: 3,
      timedOut: false,
      message: "verification 'smoke' failed (exit 3)",
    });
    expect(result.output.split('\n').sort()).toEqual(['err', 'out']);
  });

  it('a command that does not exist is a failed check with a clear message, with or without a shell', async () => {
    const missing = path.join(dir(), 'no-such-hook');
    const argv = await runHook({ name: 'argv', command: [missing, '--x'] }, opts());
    expect(argv).toMatchObject({
      status: 'failed',
      timedOut: false,
      message: `hook 'argv' could not run: ${missing} not found (check its path, or that it is installed)`,
    });
    expect(argv.exitCode).toBeUndefined();
    const shell = await runHook({ name: 'sh', command: 'no-such-command-h6 --x' }, opts());
    expect(shell).toMatchObject({
      status: 'failed',
      exitCode: 127,
      message: "hook 'sh' failed (exit 127: command not found)",
    });
    expect(shell.output).toMatch(/no-such-command-h6.*not found/);
  });

  it('a hook that does not read its input passes (a large input is no broken pipe)', async () => {
    const result = await runHook({ name: 'ignore', command: ['true'] }, opts({ input: 'x'.repeat(4 * 1024 * 1024) }));
    expect(result).toMatchObject({ status: 'passed', exitCode: 0 });
  });

  it('kills its whole process group on timeout', async () => {
    const pids = path.join(dir(), 'timeout.pids');
    const script = policyScript(
      dir(),
      'hang.sh',
      `sleep 300 & echo $! >> ${pids}\nsleep 301 & echo $! >> ${pids}\nwait`,
    );
    const result = await runHook({ name: 'hang', command: [script], timeoutMs: 1000 }, opts());
    expect(result).toMatchObject({
      status: 'failed',
      timedOut: true,
      message: "hook 'hang' timed out after 1s (killed; raise its timeoutMs if needed)",
    });
    expect(result.exitCode).toBeUndefined();
    const children = pidsIn(pids);
    expect(children).toHaveLength(2);
    await waitFor(() => !children.some(isRunning), 'the hook’s children to die', { timeoutMs: 5000, intervalMs: 20 });
  });

  it('ends what it left in the background when it exits (it holds the output open otherwise)', async () => {
    const pids = path.join(dir(), 'left.pids');
    const script = policyScript(dir(), 'leave.sh', `sleep 300 & echo $! >> ${pids}\necho done`);
    const result = await runHook({ name: 'leave', command: [script], timeoutMs: 30_000 }, opts());
    expect(result).toMatchObject({ status: 'passed', exitCode: 0, timedOut: false, output: 'done' });
    expect(result.durationMs).toBeLessThan(10_000);
    const children = pidsIn(pids);
    expect(children).toHaveLength(1);
    await waitFor(() => !isRunning(children[0]!), 'the leftover to die', { timeoutMs: 5000, intervalMs: 20 });
  });

  it('stops when interrupted', async () => {
    const controller = new AbortController();
    const started = path.join(dir(), 'started');
    const running = runHook(
      { name: 'slow', command: `touch ${started}; sleep 300` },
      opts({ signal: controller.signal }),
    );
    await waitFor(() => existsSync(started), 'the hook to start', { timeoutMs: 10_000, intervalMs: 20 });
    controller.abort();
    expect(await running).toMatchObject({ status: 'failed', timedOut: false, message: "hook 'slow' was interrupted" });
  });

  it('cuts long output, saying how much, and replaces sensitive values', async () => {
    const loud = await runHook(
      { name: 'loud', command: `head -c ${MAX_HOOK_OUTPUT + 500} /dev/zero | tr '\\0' x` },
      opts(),
    );
    expect(loud.output).toBe(`${'x'.repeat(MAX_HOOK_OUTPUT)}\n… (500 more characters cut)`);
    const secrets = { strings: new Set(['s3cret-value']), numbers: new Set<number>(), booleans: new Set<boolean>() };
    const leak = await runHook({ name: 'leak', command: 'echo "token=s3cret-value"' }, opts({ secrets }));
    expect(leak.output).not.toContain('s3cret-value');
    expect(leak.output).toMatch(/^token=/);
  });
});
