import { postgresAvailable, startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { pgProbe } from './backend-state.js';
import { describePreviewDuringApply } from './preview-scenario.js';

// In CI a missing server is a broken setup, not a reason to skip.
const runPg = postgresAvailable() || process.env.CI !== undefined;
if (!runPg) console.warn('Skipping pg preview tests: no PostgreSQL binaries under /usr/lib/postgresql/*/bin');

(runPg ? describe : describe.skip)('preview of every environment during an apply, pg backend (real PostgreSQL)', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });
  describePreviewDuringApply({
    type: 'pg',
    env: () => ({ PG_CONN_STR: server.connStr }),
    probe: () => pgProbe(server),
  });
});
