import { describeConcurrency } from './concurrency-scenario.js';
import { localProbe } from './backend-state.js';

// Locking with the embedded local backend: the state directory is shared by every checkout and run.
describe('concurrent pipelines, local backend', () => {
  describeConcurrency({ type: 'local', env: () => ({}), probe: (stateDir) => localProbe(stateDir) });
});
