import { jest } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startCli } from '../helpers/cli.js';
import type { ExampleRepo } from '../helpers/example-repo.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait.js';
import { BASE, PROJECT_ENV, run, securityRepo } from './project.js';

// Finding 7 of the security review: a saved plan holds sensitive values in clear; it is readable by
// its owner only, and one a killed run left behind is removed by the next run of that stack.

jest.setTimeout(300_000);

describe('private plan files', () => {
  let tmp: string;
  let repo: ExampleRepo;
  beforeAll(async () => {
    tmp = makeTempDir('cdktf-gitops-private-');
    const slow = path.join(tmp, 'slow');
    const pid = path.join(tmp, 'policy.pid');
    // Slow only while the marker exists: the test kills the run during it, the next run passes.
    const policy = `[ -f ${slow} ] && { echo $$ > ${pid}; sleep 120; }; exit 0`;
    writeFileSync(slow, '');
    repo = await securityRepo({ resources: BASE, policies: [{ name: 'slow', command: policy }] });
  });
  afterAll(() => {
    repo.remove();
    removeDir(tmp);
  });

  const opsDir = () => path.join(repo.dir, 'cdktf.out', 'stacks', 'ops');
  const planFiles = () =>
    existsSync(opsDir()) ? readdirSync(opsDir()).filter((f) => /^cdktf-gitops\..*\.tfplan$/.test(f)) : [];

  it('is 0600 while the run uses it; a SIGKILLed run leaves it, the next run of the stack removes it', async () => {
    const killed = startCli(repo.dir, ['run'], PROJECT_ENV);
    const pidFile = path.join(tmp, 'policy.pid');
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 'the slow policy');
    const [left] = planFiles();
    expect(left).toMatch(new RegExp(`^cdktf-gitops\\.${killed.pid}-[0-9a-f]{8}\\.tfplan$`));
    const file = path.join(opsDir(), left!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(file).size).toBeGreaterThan(0);
    killed.kill('SIGKILL');
    await killed.catch(() => undefined);
    // The policy runs in a process group of its own: end it as a CI runner's teardown would.
    process.kill(-Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
    expect(existsSync(file)).toBe(true);

    removeDir(path.join(tmp, 'slow'));
    const next = await run(repo.dir);
    expect(next.exitCode).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(planFiles()).toEqual([]);
  });
});
