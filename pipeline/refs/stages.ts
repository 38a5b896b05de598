import { RefError } from './errors.js';
import type { RefContext, Trigger } from './types.js';

/** One step of a stage, in the order they run. */
export type Action = 'init' | 'workspace-select' | 'plan' | 'apply';

/** One environment's part of a run. */
export interface StagePlan {
  /** The environment. */
  environment: string;
  /** Its Terraform workspace (the same name). */
  workspace: string;
  /** Steps, in order. */
  actions: Action[];
}

const PLAN_ONLY: readonly Action[] = ['init', 'workspace-select', 'plan'];
const APPLY: readonly Action[] = ['init', 'workspace-select', 'plan', 'apply'];

/**
 * The ordered stages of a trigger (docs/design.md's ref table): a feature branch plans e0; main applies e0
 * and plans e1; a deploy tag for ei applies ei and plans e(i+1) when it exists; `none` runs nothing.
 * Every stage starts with `init` because each runs in its own stack directory.
 */
export function planStages(trigger: Trigger, ctx: RefContext): StagePlan[] {
  const envs = ctx.environments;
  switch (trigger.kind) {
    case 'none':
      return [];
    case 'feature-branch':
      return envs.length > 0 ? [stage(envs[0]!, PLAN_ONLY)] : [];
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
  const stages = envs[index] === undefined ? [] : [stage(envs[index], APPLY)];
  const next = envs[index + 1];
  return next === undefined ? stages : [...stages, stage(next, PLAN_ONLY)];
}

function stage(environment: string, actions: readonly Action[]): StagePlan {
  return { environment, workspace: environment, actions: [...actions] };
}
