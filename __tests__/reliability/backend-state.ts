import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PostgresServer } from '../helpers/postgres.js';

/** The parts of a workspace's terraform state the reliability tests check. */
export interface StateView {
  readonly serial: number;
  readonly lineage: string;
  /** `type.name` of every resource, sorted. */
  readonly resources: string[];
  /** `input.revision` of `terraform_data.work`. */
  readonly revision: string | undefined;
}

/** Reads workspace states and locks of one backend, straight from its storage (not through terraform). */
export interface BackendProbe {
  /** The workspace's state; `undefined` when it has none yet. */
  state(workspace: string): Promise<StateView | undefined>;
  /** Whether any state lock is held now. */
  locked(workspace: string): Promise<boolean>;
}

/** The local backend keeping its state in `stateDir` (a project's `.terraform-state` by default). */
export function localProbe(stateDir: string): BackendProbe {
  const wsDir = (ws: string) => path.join(stateDir, 'workspaces', ws);
  return {
    async state(ws) {
      const file = path.join(wsDir(ws), 'terraform.tfstate');
      return existsSync(file) ? view(readFileSync(file, 'utf8')) : undefined;
    },
    // terraform removes the lock info file when it unlocks.
    locked: async (ws) => existsSync(path.join(wsDir(ws), '.terraform.tfstate.lock.info')),
  };
}

/** The pg backend's default schema in `server`'s `terraform` database. */
export function pgProbe(server: PostgresServer): BackendProbe {
  return {
    async state(ws) {
      // jsonb text is one line, so the row survives the helper's line splitting.
      const rows = await server.query(
        `SELECT data::jsonb::text FROM terraform_remote_state.states WHERE name = '${ws}'`,
      );
      return rows[0] ? view(rows[0]) : undefined;
    },
    // The pg backend locks with session advisory locks, released when terraform disconnects.
    locked: async () => (await server.query(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'`))[0] !== '0',
  };
}

function view(json: string): StateView {
  const state = JSON.parse(json) as {
    serial: number;
    lineage: string;
    resources: {
      type: string;
      name: string;
      instances: { attributes: { input?: { value?: { revision?: string } } } }[];
    }[];
  };
  const work = state.resources.find((r) => r.name === 'work');
  return {
    serial: state.serial,
    lineage: state.lineage,
    resources: state.resources.map((r) => `${r.type}.${r.name}`).sort(),
    revision: work?.instances[0]?.attributes.input?.value?.revision,
  };
}
