import type { CommandContext } from './context.js';
import { redactPlan, type SensitiveValues } from './redact.js';
import type { ChangeSummary, CommonOptions, PlanSummary, ResourceChange } from './types.js';
import { asArray, asObject, countChange, isNoop, type Json } from './json.js';

/** Options of `show`. */
export type ShowOptions = CommonOptions;

/** Arguments of `terraform show -json PLANFILE`. */
export function buildShowArgs(planFile: string): string[] {
  return ['show', '-json', '-no-color', planFile];
}

/**
 * Reduces `show -json` of a saved plan to addresses, actions and counts. Attribute and output
 * values (sensitive ones included, in plain text there) are never copied.
 */
export function summarizePlanJson(stdout: string): PlanSummary {
  const plan = JSON.parse(stdout) as Json;
  const summary: ChangeSummary = { add: 0, change: 0, destroy: 0, replace: 0, import: 0 };
  const resourceChanges: ResourceChange[] = [];
  for (const entry of asArray(plan.resource_changes)) {
    const change = asObject(asObject(entry).change);
    const actions = asArray(change.actions).map(String);
    const importing = change.importing !== undefined && change.importing !== null;
    countChange(summary, actions, importing);
    if (importing || !isNoop(actions))
      resourceChanges.push({ address: String(asObject(entry).address ?? ''), actions });
  }
  const outputChanges: PlanSummary['outputChanges'] = [];
  for (const [name, change] of Object.entries(asObject(plan.output_changes))) {
    const actions = asArray(asObject(change).actions).map(String);
    if (!isNoop(actions)) outputChanges.push({ name, actions });
  }
  return { summary, resourceChanges, outputChanges };
}

/** Runs `terraform show -json` on a saved plan; its stdout never reaches onOutput. */
export async function show(ctx: CommandContext, planFile: string, opts: ShowOptions = {}): Promise<PlanSummary> {
  const outcome = await ctx.exec({
    command: 'show',
    args: buildShowArgs(planFile),
    signal: opts.signal,
    secretStdout: true,
  });
  return summarizePlanJson(outcome.stdout);
}

/**
 * `terraform show -json` of a saved plan, with sensitive values redacted (see redact.ts): what
 * policy commands read. The unredacted stdout never reaches onOutput or a result.
 */
export async function showPlanJson(
  ctx: CommandContext,
  planFile: string,
  opts: ShowOptions = {},
): Promise<Record<string, unknown>> {
  return (await showRedactedPlan(ctx, planFile, opts)).plan;
}

/** {@link showPlanJson}, and the sensitive values it replaced (to scrub anything derived from the plan). */
export async function showRedactedPlan(
  ctx: CommandContext,
  planFile: string,
  opts: ShowOptions = {},
): Promise<{ plan: Record<string, unknown>; secrets: SensitiveValues }> {
  const args = buildShowArgs(planFile);
  const outcome = await ctx.exec({ command: 'show', args, signal: opts.signal, secretStdout: true });
  return redactPlan(JSON.parse(outcome.stdout) as Json);
}
