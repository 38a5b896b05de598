import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installedCdkLibraries, noCdkLibraryMessage } from '../../stacks/cdk-install.js';
import type { GitopsProject } from '../../stacks/project.js';
import { validateEnvironmentNames } from '../../stacks/environments/index.js';
import { ConfigError } from '../errors.js';
import { importBundled, isTypeScriptEntry } from './bundle-entry.js';

/** A project directory with its `cdktf.json` and the `project` its entry module exports. */
export interface LoadedProject {
  /** Absolute project directory. */
  readonly dir: string;
  /** Absolute path of the entry module (default `main.ts`). */
  readonly entry: string;
  /** `cdktf.out` of the project. */
  readonly outdir: string;
  /** The project's definition. */
  readonly project: GitopsProject;
}

/** Context key in `cdktf.json` naming the entry module when it is not `main.ts`. */
export const ENTRY_CONTEXT_KEY = 'cdktfGitopsEntry';

/** Options of {@link loadProject}. */
export interface LoadOptions {
  /** The project, when the caller imported it already (a TypeScript program, a test). */
  readonly preloaded?: GitopsProject;
  /** Called once the entry is bundled, just before it is imported. */
  readonly beforeImport?: () => void;
}

/**
 * The one way a project is loaded (the CLI, the library and the drift check's worktrees): reads
 * `cdktf.json`, imports the entry module into this process (bundled by esbuild, so `cdktf-gitops`,
 * cdktf and execa are shared with the running pipeline; tsx only when it cannot be bundled) and
 * checks its `project` export.
 */
export async function loadProject(dir: string, opts: LoadOptions = {}): Promise<LoadedProject> {
  const { preloaded } = opts;
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new ConfigError(`project directory ${abs} does not exist`);
  }
  const entry = path.join(abs, readEntry(abs));
  if (preloaded)
    return { dir: abs, entry, outdir: path.join(abs, 'cdktf.out'), project: checkProject(preloaded, entry) };
  if (!existsSync(entry)) {
    throw new ConfigError(
      `${path.relative(abs, entry)} not found in ${abs}: the project's entry module must export \`project\``,
    );
  }
  let module: Record<string, unknown>;
  try {
    // A TypeScript entry is bundled to plain JavaScript when it can be; tsx loads only when it cannot.
    // A JavaScript entry is imported as it is; a TypeScript one bundled, tsx only when it cannot be.
    module = isTypeScriptEntry(entry)
      ? ((await importBundled(entry, opts.beforeImport)) ?? (await importWithTsx(entry)))
      : ((await import(pathToFileURL(entry).href)) as Record<string, unknown>);
  } catch (error) {
    // Node's "cannot find module 'cdktf'" from inside the bundle would not say what to install.
    if (isModuleNotFound(error) && installedCdkLibraries(entry).length === 0) {
      throw new ConfigError(`${abs}: ${noCdkLibraryMessage()}`, { cause: error });
    }
    // The project's own configuration error says it all; anything else kept the module from loading.
    const where = isProjectConfigError(error) ? entry : `cannot load ${entry}`;
    throw new ConfigError(`${where}: ${(error as Error).message}`, { cause: error });
  }
  const project = checkProject(module.project, entry);
  return { dir: abs, entry, outdir: path.join(abs, 'cdktf.out'), project };
}

/** Imports the entry module through tsx's `tsImport` (the fallback of {@link loadProject}). */
async function importWithTsx(entry: string): Promise<Record<string, unknown>> {
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(pathToFileURL(entry).href, import.meta.url)) as Record<string, unknown>;
}

/** The entry module's file name from `cdktf.json` (default `main.ts`); throws {@link ConfigError}. */
export function readEntry(dir: string): string {
  const file = path.join(dir, 'cdktf.json');
  if (!existsSync(file)) {
    throw new ConfigError(`no cdktf.json in ${dir}: is --project pointing at a CDKTF project?`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const context = (json as { context?: Record<string, unknown> } | null)?.context;
  const entry = context?.[ENTRY_CONTEXT_KEY];
  if (entry === undefined) return 'main.ts';
  if (typeof entry !== 'string' || entry === '')
    throw new ConfigError(`${file}: context.${ENTRY_CONTEXT_KEY} must be a file name`);
  return entry;
}

/** Whether `error` is Node's "cannot find module" (of `require` or of `import`). */
function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
}

/** The authoring code's errors that say all about a project that cannot load. */
const PROJECT_CONFIG_ERRORS = new Set(['UnknownOptionError', 'EnvironmentConfigError', 'CdkLibraryMissingError']);

/**
 * Whether `main.ts` threw the authoring code's own configuration error (a misspelled option, invalid
 * environments, a CDK library not installed). By name: loaded through tsx, it has its own copy of those classes.
 */
function isProjectConfigError(error: unknown): boolean {
  return error instanceof Error && PROJECT_CONFIG_ERRORS.has(error.name);
}

function checkProject(value: unknown, entry: string): GitopsProject {
  const p = value as Partial<GitopsProject> | undefined;
  if (!p || typeof p !== 'object') {
    throw new ConfigError(`${entry} does not export \`project\` (use defineProject from cdktf-gitops)`);
  }
  if (!Array.isArray(p.environments) || typeof p.createApp !== 'function' || typeof p.mainBranch !== 'string') {
    throw new ConfigError(`${entry}: \`project\` must have environments, mainBranch and createApp (use defineProject)`);
  }
  try {
    validateEnvironmentNames(p.environments);
  } catch (error) {
    throw new ConfigError(`${entry}: ${(error as Error).message}`, { cause: error });
  }
  return p as GitopsProject;
}
