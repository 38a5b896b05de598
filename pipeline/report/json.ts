import type { EnvironmentStatus, ExplainResult, RunResult, StackResult, StageResult } from '../model.js';
import type { StatusModel } from './status-model.js';

/** `run --json`: docs/design.md's shape, plus the gate, message and resource addresses. */
export function runToJson(result: RunResult): object {
  return {
    ref: result.ref,
    commit: result.commit,
    trigger: result.trigger,
    status: result.status,
    ...(result.message !== undefined ? { message: result.message } : {}),
    ...(result.gate ? { gate: result.gate } : {}),
    ...(result.preview ? { preview: true } : {}),
    durationMs: Math.round(result.durationMs),
    stages: result.stages.map(stageToJson),
  };
}

/** One stage in JSON (also `plan --json` / `apply --json`). */
export function stageToJson(stage: StageResult | StackResult): object {
  return {
    ...('stack' in stage ? { stack: stage.stack, dependsOn: stage.dependsOn } : {}),
    environment: stage.environment,
    workspace: stage.workspace,
    actions: stage.actions,
    status: stage.status,
    changes: stage.changes,
    resourceChanges: stage.resourceChanges,
    durationMs: Math.round(stage.durationMs),
    ...(stage.unchangedSince ? { unchangedSince: stage.unchangedSince } : {}),
    ...(stage.record ? { record: stage.record } : {}),
    ...(stage.error ? { error: stage.error } : {}),
    ...(stage.refusal !== undefined ? { refusal: stage.refusal } : {}),
    ...(stage.guard ? { guard: { ...stage.guard, approvedBy: stage.guard.approvedBy ?? null } } : {}),
    ...(stage.review ? { review: stage.review } : {}),
    ...(stage.policies ? { policies: stage.policies.map(policyToJson) } : {}),
    ...('verification' in stage && stage.verification ? { verification: stage.verification } : {}),
    ...('unappliedDependencies' in stage && stage.unappliedDependencies
      ? { unappliedDependencies: stage.unappliedDependencies }
      : {}),
    ...('stacks' in stage && stage.stacks ? { stacks: stage.stacks.map(stageToJson) } : {}),
  };
}

/** A policy's verdict, its time rounded like the stage's. */
function policyToJson(p: NonNullable<StageResult['policies']>[number]): object {
  return { ...p, durationMs: Math.round(p.durationMs) };
}

/** `explain --json`. */
export function explainToJson(result: ExplainResult): object {
  return {
    ref: result.ref,
    trigger: result.trigger,
    ...(result.message !== undefined ? { message: result.message } : {}),
    stages: result.stages.map((s) => ({
      environment: s.environment,
      workspace: s.workspace,
      actions: s.actions,
      ...(s.stacks ? { stacks: s.stacks.map((k) => ({ stack: k.stack, dependsOn: k.dependsOn })) } : {}),
    })),
  };
}

/**
 * `status --json`: each environment's record and state, its freeze, verification, soak and pending
 * commits; with the status model (`Pipeline.statusModel`), also the commit each runs with its
 * subject, its history, and the newest commits of the main branch: what the status page shows.
 */
export function statusToJson(statuses: readonly EnvironmentStatus[], model?: StatusModel): object {
  return {
    ...(model ? { generatedAt: model.generatedAt, mainBranch: model.mainBranch } : {}),
    environments: statuses.map((s) => {
      const view = model?.environments.find((e) => e.environment === s.environment);
      return {
        environment: s.environment,
        workspace: s.workspace,
        exists: s.exists,
        record: s.record ?? null,
        recordSignature: s.recordSignature,
        ...(s.stateProblem ? { stateProblem: s.stateProblem } : {}),
        ...(s.partial ? { partial: s.partial } : {}),
        ...(s.stacks ? { stacks: s.stacks.map((k) => ({ ...k, record: k.record ?? null })) } : {}),
        lastDriftCheck: s.lastDriftCheck ?? null,
        freeze: s.freeze ?? null,
        ...(s.verification ? { verification: s.verification } : {}),
        ...(s.soak ? { soak: s.soak } : {}),
        ...(s.pending ? { pending: s.pending } : {}),
        ...(view?.current ? { current: view.current } : {}),
        ...(view ? { history: view.history } : {}),
      };
    }),
    ...(model ? { commits: model.commits } : {}),
  };
}
