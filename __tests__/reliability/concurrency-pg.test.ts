import { runPostgresTests, usePostgres } from '../helpers/postgres.js';
import { pgProbe } from './backend-state.js';
import { describeConcurrency } from './concurrency-scenario.js';

const runPg = runPostgresTests();
if (!runPg) console.warn('Skipping pg concurrency tests: no PostgreSQL binaries under /usr/lib/postgresql/*/bin');

(runPg ? describe : describe.skip)('concurrent pipelines, pg backend (real PostgreSQL)', () => {
  const server = usePostgres();
  describeConcurrency({ type: 'pg', env: () => ({ PG_CONN_STR: server().connStr }), probe: () => pgProbe(server()) });
});
