import { runPostgresTests, usePostgres } from '../helpers/postgres.js';
import { pgProbe } from './backend-state.js';
import { describePreviewDuringApply } from './preview-scenario.js';

const runPg = runPostgresTests();
if (!runPg) console.warn('Skipping pg preview tests: no PostgreSQL binaries under /usr/lib/postgresql/*/bin');

(runPg ? describe : describe.skip)('preview of every environment during an apply, pg backend (real PostgreSQL)', () => {
  const server = usePostgres();
  describePreviewDuringApply({
    type: 'pg',
    env: () => ({ PG_CONN_STR: server().connStr }),
    probe: () => pgProbe(server()),
  });
});
