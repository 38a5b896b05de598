import type { Action, StageActions } from '../model.js';
import { RefError } from '../refs/errors.js';
import type { RefContext, Trigger } from '../refs/types.js';

/** One environment's part of a run: whether it applies; everything else follows from that. */
export interface StagePlan {
  readonly environment: string;
  readonly apply: boolean;
}

/** The stages a trigger runs, in order. */
export interface RunPlan {
  readonly trigger: Trigger;
  readonly stages: readonly StagePlan[];
  /** Every stage only plans, each environment on its own (a preview: `plan --all`, `run --all-environments`). */
  readonly preview: boolean;
}

/** What deciding a run needs of the project. */
export interface RunPlanSettings extends RefContext {
  /** A feature-branch run previews every environment (the project setting). */
  readonly previewAllEnvironments?: boolean;
}

/** The steps of a stage, in order: every stage inits its own stack directory; only an applying one applies. */
export function actionsOf(stage: StagePlan): Action[] {
  return stage.apply ? ['init', 'workspace-select', 'plan', 'apply'] : ['init', 'workspace-select', 'plan'];
}

/** A stage as results show it: environment, workspace (the same name) and steps. */
export function stageActions(stage: StagePlan): StageActions {
  return { environment: stage.environment, workspace: stage.environment, actions: actionsOf(stage) };
}

/**
 * What a trigger runs (docs/design.md's ref table): a feature branch plans the first environment (or
 * previews every one: the `allEnvironments` flag, else the project setting); main applies the first
 * and plans the second; a deploy tag of an environment after the first applies it and plans the next;
 * `none` runs nothing. A deploy tag of the first environment is refused: it changes only through main.
 */
export function planRun(trigger: Trigger, settings: RunPlanSettings, allEnvironments?: boolean): RunPlan {
  const envs = settings.environments;
  const preview = trigger.kind === 'feature-branch' && (allEnvironments ?? settings.previewAllEnvironments === true);
  if (preview) return { trigger, preview, stages: envs.map((environment) => ({ environment, apply: false })) };
  return { trigger, preview, stages: stagesOf(trigger, envs) };
}

function stagesOf(trigger: Trigger, envs: readonly string[]): StagePlan[] {
  switch (trigger.kind) {
    case 'none':
      return [];
    case 'feature-branch':
      return envs.length > 0 ? [{ environment: envs[0]!, apply: false }] : [];
    case 'main':
      return applyThenPlan(envs, 0);
    case 'deploy-tag': {
      const index = envs.indexOf(trigger.environment);
      if (index < 1) {
        throw new RefError(
          `deploy tag '${trigger.tag}' names '${trigger.environment}', ` +
            `which is not an external environment of this project (${envs.join(', ')})`,
          trigger.ref,
        );
      }
      return applyThenPlan(envs, index);
    }
  }
}

/**
 * The environment before `env` in promotion order: the one that must have validated a change
 * before `env` gets it. Undefined for the internal environment and for unknown names.
 */
export function previousEnvironment(env: string, ctx: RefContext): string | undefined {
  const index = ctx.environments.indexOf(env);
  return index > 0 ? ctx.environments[index - 1] : undefined;
}

function applyThenPlan(envs: readonly string[], index: number): StagePlan[] {
  const stages: StagePlan[] = envs[index] === undefined ? [] : [{ environment: envs[index], apply: true }];
  const next = envs[index + 1];
  return next === undefined ? stages : [...stages, { environment: next, apply: false }];
}
