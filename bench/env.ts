import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The benchmark's scratch directory and the environment every measured command runs with. */
export interface BenchEnv {
  /** Scratch directory (CLI config, RSS probe output); removed by {@link BenchEnv.remove}. */
  readonly dir: string;
  /** Environment of every measured command: offline, no telemetry, no CI variables. */
  readonly vars: Record<string, string>;
  remove(): void;
}

/**
 * One environment for (a), (b) and (c) alike: no CI variables (the ref is passed explicitly),
 * no checkpoint/telemetry calls, no cdktf plugin cache, an empty terraform CLI config.
 */
export function benchEnv(): BenchEnv {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdktf-gitops-bench-env-'));
  const cliConfig = path.join(dir, 'terraformrc');
  writeFileSync(cliConfig, '# empty: no provider installation overrides, no credentials\n');
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(GITHUB_|GITLAB_|CI_|TF_|CDKTF_|NODE_OPTIONS$)/.test(k) || k === 'CI') continue;
    vars[k] = v;
  }
  Object.assign(vars, {
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    CHECKPOINT_DISABLE: '1',
    DISABLE_VERSION_CHECK: '1',
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
  });
  return { dir, vars, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
