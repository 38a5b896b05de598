import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli, startCli } from '../helpers/cli.js';
import { exampleRepo, linkNodeModules } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { EXAMPLE } from '../helpers/paths.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait.js';

// Finding 11 of the security review: a full disk and a killed drift check leave clear messages and
// nothing behind. (The discarded plan of an overlapped stage: __tests__/reliability/overlap.test.ts.)

jest.setTimeout(300_000);

/** Mounts a small tmpfs (a disk that can fill up); `undefined` where this machine does not allow it. */
function smallDisk(dir: string): string | undefined {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0 ? dir : undefined;
}

const mountRoot = makeTempDir('cdktf-gitops-full-');
const disk = smallDisk(path.join(mountRoot, 'disk'));
if (!disk) console.warn(`skipped: the full-disk test needs 'mount -t tmpfs' (as root); it is not allowed here`);
afterAll(() => {
  if (disk) spawnSync('umount', [disk]);
  removeDir(mountRoot);
});

(disk ? describe : describe.skip)('a full disk', () => {
  it('ends the run with one line naming the failing call, no stack trace', async () => {
    const dir = path.join(disk!, 'project');
    cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !/node_modules|cdktf\.out|\.terraform-state/.test(src) });
    linkNodeModules(dir);
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'initial');
    expect((await cli(dir, ['run'])).exitCode).toBe(0);
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'next');
    const { bavail, bsize } = statfsSync(disk!);
    writeFileSync(path.join(disk!, 'fill'), Buffer.alloc(Number(bavail * bsize)));
    expect(statfsSync(disk!).bavail).toBeLessThan(2);
    const r = await cli(dir, ['run']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: .*(ENOSPC|no space left|Out of diskspace)/im);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('a killed drift check', () => {
  it('leaves a registered worktree that the next drift check removes', async () => {
    const tmp = makeTempDir('cdktf-gitops-drift-kill-');
    const marker = path.join(tmp, 'hold');
    // The recorded commit's main.ts blocks while the marker exists: the check is killed in its worktree.
    const source = readFileSync(path.join(EXAMPLE, 'main.ts'), 'utf8').replace(
      'if (isEntrypoint(import.meta.url))',
      `if (import.meta.url.includes('cdktf-gitops-drift-') && (await import('node:fs')).existsSync(${JSON.stringify(marker)}))\n  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);\nif (isEntrypoint(import.meta.url))`,
    );
    expect(source).toContain('Atomics.wait');
    const repo = await exampleRepo({ mainTs: source });
    try {
      expect((await cli(repo.dir, ['run'])).exitCode).toBe(0);
      writeFileSync(marker, '');
      const worktrees = async () =>
        (await git(repo.dir, 'worktree', 'list', '--porcelain'))
          .split('\n')
          .filter((l) => l.startsWith('worktree ') && l.includes('cdktf-gitops-drift-'))
          .map((l) => l.slice('worktree '.length));
      const killed = startCli(repo.dir, ['drift']);
      await waitFor(async () => (await worktrees()).length > 0, 'the drift worktree');
      const [left] = await worktrees();
      killed.kill('SIGKILL');
      await killed.catch(() => undefined);
      expect(existsSync(left!)).toBe(true);

      removeDir(marker);
      const next = await cli(repo.dir, ['drift']);
      expect(next.exitCode).toBe(0);
      expect(await worktrees()).toEqual([]);
      expect(existsSync(path.dirname(left!))).toBe(false);
    } finally {
      repo.remove();
      removeDir(tmp);
    }
  });
});
