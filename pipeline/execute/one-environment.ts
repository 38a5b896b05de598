import { checkoutCommit } from '../decide/checkout.js';
import { ConfigError } from '../errors.js';
import { headBranchRef } from '../git/index.js';
import type { StageResult } from '../model.js';
import type { ApplyEnvironmentOptions } from '../options.js';
import type { Session } from '../session.js';
import { freezeCheck, stageRunner } from './apply-stage.js';
import { skippedStage } from './environment.js';
import { recordHistory } from './history.js';
import { buildStageRuns, type StageSpec } from './stage-runs.js';

/**
 * Plans (and with `apply`, applies) one environment, for local use: the checkout's HEAD, recorded
 * as trigger `manual`, which no gate accepts; guarded and checked like any apply.
 */
export async function runOneEnvironment(
  session: Session,
  environment: string,
  apply: boolean,
  opts: ApplyEnvironmentOptions,
): Promise<StageResult> {
  if (!session.environments.includes(environment)) {
    throw new ConfigError(`unknown environment '${environment}'; known: ${session.environments.join(', ')}`);
  }
  const dir = session.settings.projectDir;
  const commit = await checkoutCommit(dir, 'HEAD', apply);
  const ref = (await headBranchRef(dir)) ?? 'HEAD';
  const setup = await session.terraform(opts);
  session.synth();
  const stagePlan = { environment, apply };
  const freezes = await freezeCheck(session, setup, [stagePlan], opts);
  if (freezes.refusal !== undefined) return { ...skippedStage(stagePlan), status: 'refused', refusal: freezes.refusal };
  const spec: StageSpec = {
    plan: stagePlan,
    commit,
    ref,
    trigger: 'manual',
    approvals: opts,
    freezeIgnored: freezes.ignored.length > 0,
    full: opts.full === true,
  };
  const emit = (e: Parameters<typeof session.emit>[0]) => session.emit(e);
  const run = stageRunner(session, setup, { commit, ref });
  const result = await run(buildStageRuns(session, setup, spec), { emit, signal: opts.signal });
  if (apply) await recordHistory(session, setup, spec, result, opts.signal);
  return result;
}
