import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { useExampleRepo } from '../helpers/example-repo.js';
import { brief, runOutcome } from '../helpers/run-json.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { localProbe } from './backend-state.js';

// A fresh local workspace gets its state file from the pipeline before terraform first locks it:
// terraform deletes an empty state file it created itself, which lets racing runs each apply once.

describe('a fresh local-backend workspace (real CLI and terraform)', () => {
  const repo = useExampleRepo();
  const seen = useTempDir('cdktf-gitops-fresh-ws-');

  /** The real terraform, after it copied the workspace's state file (or noted none) at the first `workspace` call. */
  function observingTerraform(): string {
    const states = path.join(repo.dir, '.terraform-state', 'workspaces');
    const script = path.join(seen(), 'terraform');
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        'if [ "$1" = workspace ]; then',
        '  for ws; do :; done',
        `  seen='${seen()}'/"$ws"; file='${states}'/"$ws"/terraform.tfstate`,
        '  if [ ! -e "$seen.json" ] && [ ! -e "$seen.missing" ]; then',
        '    if [ -e "$file" ]; then cp "$file" "$seen.json"; else : > "$seen.missing"; fi',
        '  fi',
        'fi',
        'exec terraform "$@"',
        '',
      ].join('\n'),
    );
    chmodSync(script, 0o755);
    return script;
  }

  /** The state file as it was when terraform first selected `workspace`. */
  function stateAtSelect(workspace: string): { serial: number; lineage: string; resources: unknown[] } {
    const file = path.join(seen(), `${workspace}.json`);
    if (!existsSync(file)) throw new Error(`no state file of ${workspace} before terraform selected it`);
    return JSON.parse(readFileSync(file, 'utf8')) as { serial: number; lineage: string; resources: unknown[] };
  }

  it('every stage seeds its state file before terraform selects the workspace; terraform keeps that lineage', async () => {
    const run = runOutcome(
      await cli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main'], { TERRAFORM_BINARY: observingTerraform() }),
    );
    expect(brief(run)).toMatchObject({ exitCode: 0, status: 'succeeded', stages: ['ops: applied', 'apps: planned'] });
    const probe = localProbe(path.join(repo.dir, '.terraform-state'));
    for (const workspace of ['ops', 'apps']) {
      const seeded = stateAtSelect(workspace);
      expect(seeded).toMatchObject({ version: 4, serial: 0, resources: [], lineage: expect.any(String) });
      expect(await probe.state(workspace)).toMatchObject({ lineage: seeded.lineage });
    }
    // ops was applied on the seeded file; apps, only planned, still has it as it was seeded.
    expect((await probe.state('ops'))!.serial).toBeGreaterThan(0);
    expect(await probe.state('apps')).toMatchObject({ serial: 0, resources: [] });
  });
});
