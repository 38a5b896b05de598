/** Builds the environment terraform runs with. */
export interface EnvInput {
  /** The base environment, normally `process.env`. */
  base: Record<string, string | undefined>;
  /** Extra variables merged over the base; `undefined` removes one. */
  extra?: Record<string, string | undefined> | undefined;
  /** Sets `TF_PLUGIN_CACHE_DIR`. */
  pluginCacheDir?: string | undefined;
}

/**
 * The environment hygiene of the runner: automation mode and no prompts; no `TF_WORKSPACE`
 * (the runner selects workspaces itself) and no `TF_LOG*` (logs would mix into the output).
 */
export function buildEnv(input: EnvInput): Record<string, string> {
  const merged: Record<string, string | undefined> = { ...input.base, ...input.extra };
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || key === 'TF_WORKSPACE' || key.startsWith('TF_LOG')) continue;
    env[key] = value;
  }
  env.TF_IN_AUTOMATION = '1';
  env.TF_INPUT = '0';
  if (input.pluginCacheDir !== undefined) env.TF_PLUGIN_CACHE_DIR = input.pluginCacheDir;
  return env;
}
