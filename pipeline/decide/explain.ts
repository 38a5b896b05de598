import type { ExplainOptions } from '../options.js';
import type { ExplainResult, ExplainedStage } from '../model.js';
import { classifyRef } from '../refs/classify.js';
import { resolveRef } from '../refs/resolve.js';
import type { Trigger } from '../refs/types.js';
import { validateRef } from '../refs/validate.js';
import { planRun, stageActions, type RunPlanSettings } from './run-plan.js';

/** The ref to run for (the option, CI variables, HEAD), validated, and what it triggers in a project. */
export async function triggerOf(
  explicit: string | undefined,
  settings: RunPlanSettings,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ ref: string; trigger: Trigger }> {
  const resolved = await resolveRef({ ...(explicit !== undefined ? { ref: explicit } : {}), env, cwd });
  validateRef(resolved.ref);
  return { ref: resolved.ref, trigger: classifyRef(resolved.ref, settings) };
}

/**
 * What a ref would do in a project: its stages, and the stacks of each environment made of named
 * stacks. `stacks` is asked only when some stage runs (it may have to synthesize the project).
 */
export async function explainRef(
  settings: RunPlanSettings,
  stacks: () => Readonly<Record<string, readonly { name: string; dependsOn: readonly string[] }[]>>,
  opts: ExplainOptions,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<ExplainResult> {
  const { ref, trigger } = await triggerOf(opts.ref, settings, env, cwd);
  const planned = planRun(trigger, settings, opts.allEnvironments).stages;
  const layout = planned.length > 0 ? stacks() : undefined;
  const stages = planned.map((stage): ExplainedStage => {
    const named = layout?.[stage.environment];
    const shown = stageActions(stage);
    if (!named) return shown;
    return { ...shown, stacks: named.map((s) => ({ stack: s.name, dependsOn: s.dependsOn })) };
  });
  return { ref, trigger: trigger.kind, ...(trigger.kind === 'none' ? { message: trigger.reason } : {}), stages };
}
