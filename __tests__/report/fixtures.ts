import type { RunResult, StageResult } from '../../pipeline/model.js';
import type { ResourceChange } from '../../pipeline/terraform/index.js';
import type { DeploymentRecord } from '../../stacks/deployment-record.js';

/** A 40-hex commit. */
export const SHA = '0123456789abcdef0123456789abcdef01234567';

/** A deployment record of {@link SHA} from a main run. */
export function record(): DeploymentRecord {
  return { version: 1, commit: SHA, ref: 'refs/heads/main', trigger: 'main', time: '2026-11-28T15:30:12Z' };
}

/** An applied ops stage, overridable. */
export function stage(over: Partial<StageResult> = {}): StageResult {
  return {
    environment: 'ops',
    workspace: over.environment ?? 'ops',
    actions: ['init', 'workspace-select', 'plan', 'apply'],
    status: 'applied',
    changes: { add: 0, change: 0, destroy: 0 },
    resourceChanges: [],
    durationMs: 1234,
    ...over,
  };
}

/** A planned apps stage, overridable. */
export function planStage(over: Partial<StageResult> = {}): StageResult {
  return stage({
    environment: 'apps',
    workspace: 'apps',
    actions: ['init', 'workspace-select', 'plan'],
    status: 'planned',
    ...over,
  });
}

/** A successful main run applying ops and planning apps, overridable. */
export function run(over: Partial<RunResult> = {}): RunResult {
  return {
    ref: 'refs/heads/main',
    commit: SHA,
    trigger: 'main',
    status: 'succeeded',
    stages: [stage(), planStage()],
    durationMs: 3456,
    ...over,
  };
}

/** Resource changes from `[address, ...actions]` tuples. */
export function changes(...list: [string, ...string[]][]): ResourceChange[] {
  return list.map(([address, ...actions]) => ({ address, actions }));
}
