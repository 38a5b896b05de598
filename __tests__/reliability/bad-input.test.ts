import { chmodSync, existsSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { cloneRepo, copyExample, useExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { useTempDir } from '../helpers/temp-dir.js';

// Bad input of every kind: a clear error (or "nothing to do") and nothing run against any state.

interface Case {
  readonly name: string;
  /** Arguments after `run --json`. */
  readonly args?: readonly string[];
  /** Project directory (default: the example repository). */
  readonly dir?: () => string;
  readonly env?: () => Record<string, string>;
  readonly exit: number;
  /** Expected in stdout or stderr (the JSON document or the `error:` line). */
  readonly says: RegExp;
}

describe('bad input to `run` (real CLI)', () => {
  const tmp = useTempDir('cdktf-gitops-bad-input-');
  const repo = useExampleRepo();
  const dirs: Record<string, string> = {};
  const pwned = () => path.join(tmp(), 'pwned');

  /** A copy of the example project outside any git repository, with its dependencies linked. */
  function plainCopy(name: string, change: (dir: string) => void = () => {}): string {
    const dir = copyExample(path.join(tmp(), name));
    change(dir);
    return dir;
  }

  const clone = (name: string, args: string[]) => cloneRepo(`file://${repo.dir}`, path.join(tmp(), name), args);

  beforeAll(async () => {
    await git(repo.dir, 'tag', 'apps-deploy-1');
    dirs.detached = await clone('detached', []);
    await git(dirs.detached, 'checkout', '-q', '--detach');
    await git(dirs.detached, 'tag', '-d', 'apps-deploy-1');
    dirs.shallow = await clone('shallow', ['--depth', '1', '--branch', 'apps-deploy-1']);
    dirs.noCdktfJson = plainCopy('no-cdktf-json', (d) => unlinkSync(path.join(d, 'cdktf.json')));
    dirs.noMainTs = plainCopy('no-main-ts', (d) => unlinkSync(path.join(d, 'main.ts')));
    dirs.duplicates = plainCopy('duplicates', (d) =>
      writeFileSync(
        path.join(d, 'main.ts'),
        `import { defineProject } from 'cdktf-gitops';\nexport const project = defineProject({ environments: ['ops', 'apps', 'ops'], stacks: () => {} });\n`,
      ),
    );
    dirs.notGit = plainCopy('not-git');
    const old = path.join(tmp(), 'terraform-1.3');
    writeFileSync(
      old,
      `#!/bin/sh\n[ "$1" = version ] && echo '{"terraform_version":"1.3.0","platform":"linux_amd64"}' && exit 0\necho "unexpected: $*" >&2; exit 1\n`,
    );
    chmodSync(old, 0o755);
    dirs.oldTerraform = old;
  });

  const main = ['--ref', 'refs/heads/main'];
  const cases: Case[] = [
    {
      name: 'shell metacharacters (;)',
      args: ['--ref', `refs/heads/x;touch PWNED`],
      exit: 2,
      says: /invalid ref .*shell metacharacter ';'/,
    },
    {
      name: 'command substitution',
      args: ['--ref', `refs/heads/$(touch PWNED)`],
      exit: 2,
      says: /invalid ref .*shell metacharacter '\$'/,
    },
    {
      name: 'backticks',
      args: ['--ref', 'refs/heads/`touch PWNED`'],
      exit: 2,
      says: /invalid ref .*shell metacharacter '`'/,
    },
    { name: "'..'", args: ['--ref', 'refs/heads/a..b'], exit: 2, says: /invalid ref .*contains '\.\.'/ },
    {
      name: 'a control character',
      args: ['--ref', 'refs/heads/a\u0007b'],
      exit: 2,
      says: /invalid ref .*control character/,
    },
    { name: 'a newline', args: ['--ref', 'refs/heads/a\nb'], exit: 2, says: /invalid ref .*control character/ },
    {
      name: 'unicode',
      args: ['--ref', 'refs/heads/café'],
      exit: 2,
      says: /invalid ref .*non-ASCII character .*U\+00E9/,
    },
    {
      name: '4 KB',
      args: ['--ref', `refs/heads/${'a'.repeat(4096)}`],
      exit: 2,
      says: /invalid ref .*4107 bytes long; at most 255/,
    },
    { name: 'refs/pull/1/merge', args: ['--ref', 'refs/pull/1/merge'], exit: 0, says: /"status": "nothing-to-do"/ },
    {
      name: 'a deploy tag of an unknown environment',
      args: ['--ref', 'refs/tags/nope-deploy-1'],
      exit: 0,
      says: /"status": "nothing-to-do"[\s\S]*apps-deploy-/,
    },
    {
      name: 'a deploy tag of the internal environment',
      args: ['--ref', 'refs/tags/ops-deploy-1'],
      exit: 0,
      says: /"status": "nothing-to-do"[\s\S]*main/,
    },
    {
      name: 'a detached HEAD without a ref',
      dir: () => dirs.detached!,
      exit: 2,
      says: /detached HEAD with no ref; pass --ref/,
    },
    {
      name: 'a missing terraform',
      args: main,
      env: () => ({ TERRAFORM_BINARY: '/nonexistent/terraform' }),
      exit: 2,
      says: /terraform binary '\/nonexistent\/terraform' not found: install terraform .*TERRAFORM_BINARY/,
    },
    {
      name: 'a too old terraform',
      args: main,
      env: () => ({ TERRAFORM_BINARY: dirs.oldTerraform! }),
      exit: 2,
      says: /workspace select -or-create.* needs terraform >= 1\.4\.0, found 1\.3\.0/,
    },
    {
      name: 'a missing cdktf.json',
      args: main,
      dir: () => dirs.noCdktfJson!,
      exit: 2,
      says: /no cdktf\.json in .*no-cdktf-json/,
    },
    {
      name: 'a missing main.ts',
      args: main,
      dir: () => dirs.noMainTs!,
      exit: 2,
      says: /main\.ts not found in .*no-main-ts/,
    },
    {
      name: 'duplicate environment names',
      args: main,
      dir: () => dirs.duplicates!,
      exit: 2,
      says: /environment "ops" is defined more than once/,
    },
    {
      name: 'a project outside git',
      args: main,
      dir: () => dirs.notGit!,
      exit: 2,
      says: /is not inside a git repository/,
    },
    {
      name: 'a deploy tag in a shallow clone',
      args: ['--ref', 'refs/tags/apps-deploy-1'],
      dir: () => dirs.shallow!,
      exit: 3,
      says: /shallow clone[\s\S]*git fetch --unshallow/,
    },
  ];

  // Concurrently: every case is a short CLI start, and none writes anything.
  it.concurrent.each(cases)('$name → exit $exit', async (c) => {
    const dir = c.dir?.() ?? repo.dir;
    const args = (c.args ?? []).map((a) => a.replace('PWNED', pwned()));
    const r = await cli(dir, ['run', '--json', ...args], c.env?.() ?? {});
    expect({ exitCode: r.exitCode, output: `${r.stdout}\n${r.stderr}` }).toEqual({
      exitCode: c.exit,
      output: expect.stringMatching(c.says),
    });
    // Nothing ran: no state anywhere, no injected command executed.
    expect(existsSync(path.join(dir, '.terraform-state'))).toBe(false);
    expect(existsSync(pwned())).toBe(false);
  });
});
