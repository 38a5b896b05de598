import type { CommandContext } from './context.js';
import { TerraformError, WorkspaceMissingError } from './errors.js';
import type { CommonOptions } from './types.js';

/** Options of `workspace new`. */
export interface WorkspaceNewOptions extends CommonOptions {
  /** `-lock-timeout`, e.g. `30s`; defaults to the instance's. */
  lockTimeout?: string | undefined;
}

/** Options of the other workspace commands. */
export type WorkspaceOptions = CommonOptions;

/** Options of `workspace select`. */
export interface WorkspaceSelectOptions extends CommonOptions {
  /** `-or-create` (terraform ≥ 1.4): create the workspace when missing, in the same process. */
  orCreate?: boolean;
}

/** Arguments of `terraform workspace show`. */
export function buildWorkspaceShowArgs(): string[] {
  return ['workspace', 'show', '-no-color'];
}

/** Arguments of `terraform workspace list`. */
export function buildWorkspaceListArgs(): string[] {
  return ['workspace', 'list', '-no-color'];
}

/** Arguments of `terraform workspace select [-or-create] NAME`. */
export function buildWorkspaceSelectArgs(name: string, opts: Pick<WorkspaceSelectOptions, 'orCreate'> = {}): string[] {
  return ['workspace', 'select', ...(opts.orCreate ? ['-or-create'] : []), '-no-color', checkName(name)];
}

/** Arguments of `terraform workspace new NAME`. */
export function buildWorkspaceNewArgs(name: string, opts: WorkspaceNewOptions = {}): string[] {
  const args = ['workspace', 'new', '-no-color'];
  if (opts.lockTimeout !== undefined) args.push(`-lock-timeout=${opts.lockTimeout}`);
  args.push(checkName(name));
  return args;
}

/** Parses `workspace list` output: one name a line, the current one marked `*`. */
export function parseWorkspaceList(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => line.replace(/^\s*\*?\s*/, '').trim())
    .filter((name) => name !== '');
}

/** The selected workspace. */
export async function workspaceShow(ctx: CommandContext, opts: WorkspaceOptions = {}): Promise<string> {
  const outcome = await ctx.exec({ command: 'workspace show', args: buildWorkspaceShowArgs(), signal: opts.signal });
  return outcome.stdout.trim();
}

/** All workspaces of the backend. */
export async function workspaceList(ctx: CommandContext, opts: WorkspaceOptions = {}): Promise<string[]> {
  const outcome = await ctx.exec({ command: 'workspace list', args: buildWorkspaceListArgs(), signal: opts.signal });
  return parseWorkspaceList(outcome.stdout);
}

/**
 * Selects an existing workspace; rejects with {@link WorkspaceMissingError} when there is none of
 * that name, unless `orCreate` creates it (one process; it does not say whether it created).
 */
export async function workspaceSelect(
  ctx: CommandContext,
  name: string,
  opts: WorkspaceSelectOptions = {},
): Promise<void> {
  const args = buildWorkspaceSelectArgs(name, opts);
  try {
    await ctx.exec({ command: 'workspace select', args, signal: opts.signal });
  } catch (error) {
    // terraform says "doesn't exist" only in prose; asking the list keeps the check structured.
    if (opts.orCreate || !(error instanceof TerraformError) || error.exitCode !== 1) throw error;
    if ((await workspaceList(ctx, opts)).includes(name)) {
      // Another process created it between the select and the list: it exists now.
      await ctx.exec({ command: 'workspace select', args, signal: opts.signal });
      return;
    }
    throw new WorkspaceMissingError(
      `workspace '${name}' does not exist`,
      { command: error.command, args: error.args, result: error.result, cause: error },
      name,
    );
  }
}

/** Creates a workspace and selects it. */
export async function workspaceNew(ctx: CommandContext, name: string, opts: WorkspaceNewOptions = {}): Promise<void> {
  const args = buildWorkspaceNewArgs(name, { ...opts, lockTimeout: opts.lockTimeout ?? ctx.lockTimeout });
  await ctx.exec({ command: 'workspace new', args, signal: opts.signal });
}

/**
 * Selects the workspace, creating it first when missing, and says whether it created it: two
 * processes (`workspace list`, then `select` or `new`). Callers that need not know use
 * {@link workspaceSelect} with `orCreate`: one process.
 */
export async function workspaceSelectOrCreate(
  ctx: CommandContext,
  name: string,
  opts: WorkspaceNewOptions = {},
): Promise<{ created: boolean }> {
  if ((await workspaceList(ctx, opts)).includes(name)) {
    await workspaceSelect(ctx, name, opts);
    return { created: false };
  }
  await workspaceNew(ctx, name, opts);
  return { created: true };
}

/** A name starting with `-` would be read as a flag. */
function checkName(name: string): string {
  if (name === '' || name.startsWith('-')) throw new TypeError(`invalid workspace name '${name}'`);
  return name;
}
