import { readFreeze } from '../control/freeze.js';
import type { StagePlan } from '../decide/run-plan.js';
import type { StageResult } from '../model.js';
import type { ApplyCheckOptions } from '../options.js';
import { describeFreeze } from '../records/freeze.js';
import type { Session, TerraformSetup } from '../session.js';
import { runEnvironment } from './environment.js';
import type { StageIo, StageRuns } from './sequence.js';
import { describeVerification, verifyEnvironment } from './verify.js';

/**
 * Runs one stage, and after an environment's apply its verification hooks (the result carries what
 * they said; a failure stops the run, the apply stays).
 */
export function stageRunner(session: Session, setup: TerraformSetup, target: { commit: string; ref: string }) {
  return async (stage: StageRuns, io: StageIo): Promise<StageResult> => {
    const result = await runEnvironment(stage.plan, stage.runs, { ...io, concurrency: session.settings.concurrency });
    if (!stage.plan.apply || (result.status !== 'applied' && result.status !== 'unchanged')) return result;
    const environment = stage.plan.environment;
    const verification = await verifyEnvironment(session, setup, { environment, ...target }, io.signal);
    if (!verification) return result;
    for (const c of verification.checks) {
      const ok = c.status === 'passed';
      io.emit({ type: 'check', environment, message: `verification '${c.name}' ${ok ? 'passed' : 'FAILED'}`, ok });
    }
    if (verification.status === 'failed') {
      io.emit({
        type: 'warning',
        environment,
        message: describeVerification(environment, target.commit, verification),
      });
    }
    return { ...result, verification };
  };
}

/** What the freezes of the environments a run applies say: refused (with why), or let through by the flag. */
export async function freezeCheck(
  session: Session,
  setup: TerraformSetup,
  stages: readonly StagePlan[],
  opts: ApplyCheckOptions & { signal?: AbortSignal | undefined },
): Promise<{ refusal?: string; ignored: readonly string[] }> {
  const ignored: string[] = [];
  for (const stage of stages.filter((s) => s.apply)) {
    const freeze = await readFreeze(session, setup, stage.environment, opts.signal);
    if (!freeze) continue;
    if (!opts.ignoreFreeze) {
      const hint = `unfreeze it (cdktf-gitops unfreeze ${stage.environment}), or pass --ignore-freeze in an emergency`;
      return { refusal: `${describeFreeze(freeze)}; nothing was applied: ${hint}`, ignored };
    }
    session.emit({
      type: 'warning',
      environment: stage.environment,
      message: `FREEZE IGNORED: ${describeFreeze(freeze)}`,
    });
    ignored.push(stage.environment);
  }
  return { ignored };
}
