// The metadata store against the real terraform: the local backend and a real PostgreSQL server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  METADATA_DIR,
  metadataWorkspace,
  nextState,
  readMetadata,
  writeMetadata,
  type MetadataTarget,
} from '../../pipeline/stackdir/metadata.js';
import { describeWithPostgres, usePostgres } from '../helpers/postgres.js';
import { TempDirs } from '../helpers/temp-dir.js';
import { runTerraform, stackAt, synthProject } from '../helpers/terraform-project.js';

const TERRAFORM_VERSION = '1.11.4';
const dirs = new TempDirs('cdktf-gitops-metadata-');
afterAll(() => dirs.removeAll());

async function project(backend?: { type: 'pg' }) {
  return synthProject({ dir: dirs.make(), ...(backend ? { backend } : {}) });
}

function target(stackDir: string, environment: string, env: Record<string, string> = {}): MetadataTarget {
  const stack = stackAt(stackDir, environment);
  return { stack, environment, terraform: { env, lockTimeout: '10s' }, terraformVersion: TERRAFORM_VERSION };
}

describe('nextState', () => {
  it('keeps the other keys and the lineage, and bumps the serial', () => {
    const first = nextState(undefined, 'review', { a: 1 }, TERRAFORM_VERSION);
    expect(first.serial).toBe(1);
    const second = nextState(first, 'drift', { ok: true }, TERRAFORM_VERSION);
    expect(second).toMatchObject({ serial: 2, lineage: first.lineage, terraform_version: TERRAFORM_VERSION });
    expect(Object.keys(second.outputs as object).sort()).toEqual(['drift', 'review']);
  });
});

describe('metadata store, local backend (real terraform)', () => {
  it('reads nothing (and creates no workspace) before the first write, then what was written', async () => {
    const p = await project();
    const t = target(p.stackDir('apps'), 'apps');
    expect(await readMetadata(t, 'review')).toBeUndefined();
    const workspaces = path.join(p.outdir, '..', '.terraform-state', 'workspaces');
    expect(fs.existsSync(path.join(workspaces, metadataWorkspace('apps')))).toBe(false);

    await writeMetadata(t, 'review', { commit: 'abc', changes: [{ address: 'x', actions: ['create'] }] });
    await writeMetadata(t, 'drift', { drift: false });
    expect(await readMetadata(t, 'review')).toEqual({
      commit: 'abc',
      changes: [{ address: 'x', actions: ['create'] }],
    });
    expect(await readMetadata(t, 'drift')).toEqual({ drift: false });
    // Beside the environment's own state, which it never touches.
    expect(fs.existsSync(path.join(workspaces, metadataWorkspace('apps'), 'terraform.tfstate'))).toBe(true);
    expect(fs.existsSync(path.join(workspaces, 'apps'))).toBe(false);
  });

  it('keeps every key when writers race', async () => {
    const p = await project();
    const t = target(p.stackDir('ops'), 'ops');
    await writeMetadata(t, 'k0', 0);
    await Promise.all([1, 2, 3].map((i) => writeMetadata(t, `k${i}`, i)));
    for (const i of [0, 1, 2, 3]) expect(await readMetadata(t, `k${i}`)).toBe(i);
  });

  it('leaves the stack directory selected on its own workspace and holds no state in cdktf.out', async () => {
    const p = await project();
    await writeMetadata(target(p.stackDir('apps'), 'apps'), 'review', 1);
    expect(fs.existsSync(path.join(p.stackDir('apps'), '.terraform', 'environment'))).toBe(false);
    const metaDir = path.join(p.stackDir('apps'), METADATA_DIR);
    // .terraform/terraform.tfstate is terraform's backend settings, not a state.
    const stateFiles = fs
      .readdirSync(metaDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.tfstate') && !f.startsWith('.terraform'));
    expect(stateFiles).toEqual([]);
  });
});

describeWithPostgres('metadata store, pg backend (real terraform, real PostgreSQL)', () => {
  const server = usePostgres();

  it('writes and reads back, in a workspace of its own', async () => {
    const p = await project({ type: 'pg' });
    const t = target(p.stackDir('apps'), 'apps', { PG_CONN_STR: server().connStr });
    expect(await readMetadata(t, 'review')).toBeUndefined();
    await writeMetadata(t, 'review', { commit: 'abc' });
    await writeMetadata(t, 'review', { commit: 'def' });
    expect(await readMetadata(t, 'review')).toEqual({ commit: 'def' });
    const list = await runTerraform(path.join(p.stackDir('apps'), METADATA_DIR), ['workspace', 'list', '-no-color'], {
      env: { PG_CONN_STR: server().connStr },
    });
    expect(list.stdout).toContain(metadataWorkspace('apps'));
  });
});
