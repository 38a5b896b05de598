import * as path from 'node:path';
import { readBuildRecord, type ProjectLayout } from '../project/build-record.js';
import { classifyRef, planStages, resolveRef, validateRef, type StagePlan, type Trigger } from '../refs/index.js';
import type { PipelineOptions } from './pipeline.js';
import type { ExplainResult, ExplainedStage } from './types.js';

/** Options of {@link explainRef}. */
export interface ExplainOptions {
  /** The Git ref to explain; default: CI variables, then the checkout's HEAD. */
  readonly ref?: string;
  /** A feature branch previews every environment (default: the project's `previewAllEnvironments`). */
  readonly allEnvironments?: boolean;
}

/** What a preview does in every environment: plan only. */
export const PREVIEW_ACTIONS: StagePlan['actions'] = ['init', 'workspace-select', 'plan'];

/** Whether a run of `trigger` previews every environment (the flag, else the project setting). */
export function previewsAll(
  trigger: Trigger,
  flag: boolean | undefined,
  layout: Pick<ProjectLayout, 'previewAllEnvironments'>,
) {
  return trigger.kind === 'feature-branch' && (flag ?? layout.previewAllEnvironments === true);
}

/** The ref to explain (the option, CI variables, HEAD) and what it triggers in a project. */
export async function triggerOf(
  explicit: string | undefined,
  settings: Pick<ProjectLayout, 'environments' | 'mainBranch'>,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ ref: string; trigger: Trigger }> {
  const resolved = await resolveRef({ ...(explicit !== undefined ? { ref: explicit } : {}), env, cwd });
  validateRef(resolved.ref);
  const context = { environments: settings.environments, mainBranch: settings.mainBranch };
  return { ref: resolved.ref, trigger: classifyRef(resolved.ref, context) };
}

/**
 * What a ref would do in a project: its stages, and the stacks of each environment made of named
 * stacks. `stacks` is asked only when some stage runs (it may have to synthesize the project).
 */
export async function explainRef(
  settings: Omit<ProjectLayout, 'stacks'>,
  stacks: () => ProjectLayout['stacks'],
  opts: ExplainOptions,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<ExplainResult> {
  const { ref, trigger } = await triggerOf(opts.ref, settings, env, cwd);
  // A feature branch that previews every environment plans each of them.
  const planned = previewsAll(trigger, opts.allEnvironments, settings)
    ? settings.environments.map((e): StagePlan => ({ environment: e, workspace: e, actions: PREVIEW_ACTIONS }))
    : planStages(trigger, settings);
  const layout = planned.length > 0 ? stacks() : undefined;
  const stages = planned.map((stage): ExplainedStage => {
    const named = layout?.[stage.environment];
    if (!named) return stage;
    return { ...stage, stacks: named.map((s) => ({ stack: s.name, dependsOn: s.dependsOn })) };
  });
  return { ref, trigger: trigger.kind, ...(trigger.kind === 'none' ? { message: trigger.reason } : {}), stages };
}

/**
 * {@link explainRef} from the project's build record, without loading the project: undefined when
 * there is no record or something its build read has changed since (see build-record.ts).
 */
export async function explainFromRecord(
  projectDir: string,
  opts: ExplainOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExplainResult | undefined> {
  const dir = path.resolve(projectDir);
  const layout = readBuildRecord(dir, env);
  if (!layout) return undefined;
  return explainRef(layout, () => layout.stacks, opts, env, dir);
}

/**
 * What a ref would do in the project at `options.projectDir`: from its build record when nothing
 * that build read has changed ({@link explainFromRecord}), else by opening the project.
 */
export async function explainProject(options: PipelineOptions, opts: ExplainOptions = {}): Promise<ExplainResult> {
  const env = options.env ?? process.env;
  if (!options.project) {
    const recorded = await explainFromRecord(options.projectDir, opts, env);
    if (recorded) return recorded;
  }
  const { Pipeline } = await import('./pipeline.js');
  return (await Pipeline.open(options)).explain(opts);
}
