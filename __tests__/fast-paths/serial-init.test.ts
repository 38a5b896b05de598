import { chmodSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { exampleRepo } from '../helpers/example-repo.js';
import { readLines } from '../helpers/files.js';
import { stacksMainTs } from '../helpers/stacks-project.js';
import { realTerraform } from '../helpers/terraform-log.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';

// terraform does not lock a shared provider plugin cache, so with one the pipeline never runs two
// inits at once, although an environment's independent stacks (and a preview's environments) run
// concurrently. A wrapper on PATH logs when each real `terraform init` starts and ends.

it('with TF_PLUGIN_CACHE_DIR, the inits of concurrent stacks and environments never overlap', async () => {
  const repo = await exampleRepo({ mainTs: stacksMainTs({ value: 'v1' }) });
  const bin = makeTempDir('cdktf-gitops-init-log-');
  try {
    const log = path.join(bin, 'init.log');
    const script = path.join(bin, 'terraform');
    writeFileSync(
      script,
      `#!/bin/sh\nif [ "$1" = init ]; then\n  echo "start $$" >> '${log}'\n  '${realTerraform()}' "$@"; rc=$?\n` +
        `  echo "end $$" >> '${log}'\n  exit $rc\nfi\nexec '${realTerraform()}' "$@"\n`,
    );
    chmodSync(script, 0o755);
    const env = {
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      TF_PLUGIN_CACHE_DIR: path.join(bin, 'cache'),
    };
    const main = await cli(repo.dir, ['run', '--ref', 'refs/heads/main', '--json'], env);
    expect(main.exitCode).toBe(0);
    const preview = await cli(repo.dir, ['plan', '--all', '--json'], env);
    expect(preview.exitCode).toBe(0);
    const lines = readLines(log);
    // 3 stacks × (ops, apps) on main, then apps-prod's 3 in the preview, at least.
    expect(lines.length).toBeGreaterThanOrEqual(2 * 9);
    for (let i = 0; i < lines.length; i += 2) {
      const pid = lines[i]!.split(' ')[1];
      expect([lines[i], lines[i + 1]]).toEqual([`start ${pid}`, `end ${pid}`]);
    }
  } finally {
    repo.remove();
    removeDir(bin);
  }
});
