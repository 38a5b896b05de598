import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { INIT_STAMP_FILE } from '../../pipeline/stackdir/init-cache.js';
import { cli } from '../helpers/cli.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { TerraformLog } from '../helpers/terraform-log.js';

// The fast paths through the real CLI and terraform: init reuse, workspace reselection, the
// fresh-workspace record read, and the shared plugin cache directory.

interface RunJson {
  status: string;
  stages: { environment: string; status: string; changes: { add: number } }[];
}

describe('a main-branch run, repeated', () => {
  let repo: ExampleRepo;
  let tf: TerraformLog;
  // Planned in full: these are the paths of a run that plans (change detection would skip ops).
  const run = async (env: Record<string, string> = {}) => {
    tf.clear();
    const r = await cli(repo.dir, ['run', '--ref', 'refs/heads/main', '--json', '--full'], { ...tf.env(), ...env });
    expect(r.exitCode).toBe(0);
    return JSON.parse(r.stdout) as RunJson;
  };
  const stamp = (env: string) => path.join(repo.dir, 'cdktf.out', 'stacks', env, '.terraform', INIT_STAMP_FILE);
  beforeAll(async () => {
    repo = await exampleRepo();
    tf = new TerraformLog();
  });
  afterAll(() => {
    repo.remove();
    tf.remove();
  });

  it('from a clean state: inits both stacks and reads no record from the workspaces it creates', async () => {
    const json = await run();
    expect(json.stages.map((s) => s.status)).toEqual(['applied', 'planned']);
    // ops, apps, apps' metadata store, where main records the plan it showed (docs/review.md), and
    // ops' store, where the apply is added to its history (docs/security.md).
    expect(tf.count('init')).toBe(4);
    expect(tf.count('output')).toBe(0);
    // The stores' first use: their new side workspaces are read from the local state files, not pulled.
    expect(tf.calls().filter((c) => c.startsWith('state'))).toEqual([
      expect.stringMatching(/^state push /),
      expect.stringMatching(/^state push /),
    ]);
    expect(existsSync(stamp('ops'))).toBe(true);
    expect(existsSync(stamp('apps'))).toBe(true);
  });

  it('with nothing changed: no init, the record read from the state file (so ops has nothing to change): one plan per stage', async () => {
    const before = statSync(stamp('ops')).mtimeMs;
    const json = await run();
    expect(json.stages.map((s) => s.status)).toEqual(['no-changes', 'planned']);
    expect(tf.count('init')).toBe(0);
    // No `output` before the plans (local state file) and no `show` after them (the plan's own stream).
    // apps' reviewed-plan record on main (its state's lineage and serial, the stored record) is read
    // from the local state files: no `state pull` (it was two before).
    expect(
      tf
        .calls()
        .map((c) => c.split(' ')[0])
        .sort(),
    ).toEqual(['plan', 'plan', 'version']);
    // Each directory still has its workspace selected from last time: no workspace command at all.
    expect(tf.calls().filter((c) => c.startsWith('workspace'))).toEqual([]);
    expect(statSync(stamp('ops')).mtimeMs).toBe(before);
  });

  it("a deleted .terraform makes that stack's init run again", async () => {
    rmSync(path.join(repo.dir, 'cdktf.out', 'stacks', 'ops', '.terraform'), { recursive: true });
    const json = await run();
    expect(json.stages.map((s) => s.status)).toEqual(['no-changes', 'planned']);
    expect(tf.calls().filter((c) => c.startsWith('init'))).toHaveLength(1);
    expect(existsSync(stamp('ops'))).toBe(true);
  });

  it('a selected workspace deleted behind its back plans from empty state, as terraform itself would', async () => {
    rmSync(path.join(repo.dir, '.terraform-state', 'workspaces', 'apps'), { recursive: true });
    const json = await run();
    expect(json.stages.map((s) => [s.status, s.changes.add])).toEqual([
      ['no-changes', 0],
      ['planned', 2],
    ]);
  });

  it('a directory with another workspace selected selects its own', async () => {
    const apps = path.join(repo.dir, 'cdktf.out', 'stacks', 'apps');
    writeFileSync(path.join(apps, '.terraform', 'environment'), 'default');
    await run();
    expect(tf.calls().filter((c) => c.startsWith('workspace'))).toEqual(['workspace select -or-create -no-color apps']);
    expect(readFileSync(path.join(apps, '.terraform', 'environment'), 'utf8')).toBe('apps');
  });

  it('CDKTF_GITOPS_INIT=always turns the reuse off', async () => {
    await run({ CDKTF_GITOPS_INIT: 'always' });
    // ops and apps; apps' metadata store is not opened: the plan is recorded already (read from its state file).
    expect(tf.count('init')).toBe(2);
  });

  it('a fresh checkout (no cdktf.out) inits again and finds the state', async () => {
    rmSync(path.join(repo.dir, 'cdktf.out'), { recursive: true });
    const json = await run();
    expect(json.stages.map((s) => s.status)).toEqual(['no-changes', 'planned']);
    expect(tf.count('init')).toBe(2); // ops, apps (the recorded plan is read from the store's state file)
  });

  it('TF_PLUGIN_CACHE_DIR: a relative one is created under the project and given to terraform as an absolute path', async () => {
    const json = await run({ TF_PLUGIN_CACHE_DIR: 'plugin-cache/providers' });
    expect(json.status).toBe('succeeded');
    const cache = path.join(repo.dir, 'plugin-cache', 'providers');
    expect(statSync(cache).isDirectory()).toBe(true);
    expect(tf.pluginCacheDirs()).toEqual([cache]);
  });
});
