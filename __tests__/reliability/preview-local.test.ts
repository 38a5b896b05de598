import { localProbe } from './backend-state.js';
import { describePreviewDuringApply } from './preview-scenario.js';

// A preview takes the local backend's lock (a lock-free read could see a state file mid-rewrite).
describe('preview of every environment during an apply, local backend', () => {
  describePreviewDuringApply({ type: 'local', env: () => ({}), probe: (stateDir) => localProbe(stateDir) });
});
