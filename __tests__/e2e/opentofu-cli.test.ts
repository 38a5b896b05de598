import { chmodSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { onPath } from '../../pipeline/terraform/binary.js';
import { cli } from '../helpers/cli.js';
import { useExampleRepo } from '../helpers/example-repo.js';
import { readLines } from '../helpers/files.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { realTerraform } from '../helpers/terraform-log.js';

// The CLI on a machine with `tofu` and no `terraform`. OpenTofu cannot be installed here, so `tofu` is
// a script that logs its arguments and runs the real terraform (or answers `version -json` itself):
// this checks detection, the binary the pipeline and the CDK's checks run, and the messages, not OpenTofu.

class FakeTofu {
  readonly dir = makeTempDir('cdktf-gitops-tofu-');
  private readonly log = path.join(this.dir, 'calls.log');

  constructor(opts: { version?: string } = {}) {
    const real = realTerraform();
    const json = JSON.stringify({ terraform_version: opts.version, platform: 'linux_amd64', provider_selections: {} });
    const answer = opts.version ? `if [ "$1" = version ]; then echo '${json}'; exit 0; fi\n` : '';
    writeFileSync(path.join(this.dir, 'tofu'), `#!/bin/sh\necho "$*" >> '${this.log}'\n${answer}exec '${real}' "$@"\n`);
    chmodSync(path.join(this.dir, 'tofu'), 0o755);
  }

  /** PATH with this `tofu` first and without any directory holding a `terraform`. */
  env(): Record<string, string> {
    const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d !== '' && !onPath('terraform', d));
    return { PATH: [this.dir, ...dirs].join(path.delimiter) };
  }

  /** The subcommand of every call so far. */
  subcommands(): string[] {
    return readLines(this.log).map((c) => c.split(' ')[0] ?? '');
  }

  remove(): void {
    removeDir(this.dir);
  }
}

describe('the CLI with only tofu on PATH', () => {
  const repo = useExampleRepo();

  it("synthesizes: the CDK's terraform version check asks tofu", async () => {
    const tofu = new FakeTofu();
    try {
      const r = await cli(repo.dir, ['synth'], tofu.env());
      expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: expect.any(String) });
      expect(tofu.subcommands()).toEqual(['version']);
    } finally {
      tofu.remove();
    }
  });

  it('runs main through tofu: ops applied, apps planned', async () => {
    const tofu = new FakeTofu();
    try {
      const r = await cli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main'], tofu.env());
      expect(r.exitCode).toBe(0);
      const json = JSON.parse(r.stdout) as { stages: { environment: string; status: string }[] };
      expect(json.stages.map((s) => [s.environment, s.status])).toEqual([
        ['ops', 'applied'],
        ['apps', 'planned'],
      ]);
      expect(tofu.subcommands()).toEqual(expect.arrayContaining(['version', 'init', 'workspace', 'plan', 'apply']));
    } finally {
      tofu.remove();
    }
  });

  it('refuses an OpenTofu older than 1.6 before anything runs, naming OpenTofu', async () => {
    const tofu = new FakeTofu({ version: '1.5.7' });
    try {
      const r = await cli(repo.dir, ['run', '--ref', 'refs/heads/main'], tofu.env());
      expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({
        exitCode: 2,
        stderr: expect.stringContaining('error: cdktf-gitops needs OpenTofu >= 1.6.0, found 1.5.7'),
      });
      expect(tofu.subcommands()).toEqual(['version']);
    } finally {
      tofu.remove();
    }
  });

  it('says which binary is missing when TERRAFORM_BINARY names a tofu that is not there', async () => {
    const r = await cli(repo.dir, ['run', '--ref', 'refs/heads/main'], { TERRAFORM_BINARY: '/nonexistent/tofu' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("error: OpenTofu binary '/nonexistent/tofu' not found: install OpenTofu (tofu)");
  });
});
