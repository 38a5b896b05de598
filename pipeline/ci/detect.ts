import { refFromEnvironment } from '../refs/from-environment.js';

/** The CI system a run is in and what it says about the run. */
export interface CiInfo {
  /** `local` when no supported CI system is detected. */
  provider: 'github' | 'gitlab' | 'local';
  /** The full ref CI runs for (see `refFromEnvironment`). */
  ref?: string;
  /** The commit SHA CI runs for. */
  commit?: string;
  /** Link to the CI run (GitHub workflow run, GitLab pipeline or job). */
  runUrl?: string;
  /** Who triggered the run. */
  actor?: string;
}

/**
 * Detects GitHub Actions (`GITHUB_ACTIONS=true`) or GitLab CI (`GITLAB_CI=true`) from `env`.
 * Pure; keys whose variables are unset or empty are omitted.
 */
export function detectCi(env: NodeJS.ProcessEnv): CiInfo {
  if (env.GITHUB_ACTIONS === 'true') {
    return compact({
      provider: 'github',
      ref: refOf(env),
      commit: env.GITHUB_SHA,
      runUrl: githubRunUrl(env),
      actor: env.GITHUB_ACTOR,
    });
  }
  if (env.GITLAB_CI === 'true') {
    const runUrl = nonEmpty(env.CI_PIPELINE_URL) ?? nonEmpty(env.CI_JOB_URL);
    return compact({
      provider: 'gitlab',
      ref: refOf(env),
      commit: env.CI_COMMIT_SHA,
      runUrl,
      actor: env.GITLAB_USER_LOGIN,
    });
  }
  return { provider: 'local' };
}

function refOf(env: NodeJS.ProcessEnv): string | undefined {
  return refFromEnvironment(env)?.ref;
}

function githubRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  const repository = nonEmpty(env.GITHUB_REPOSITORY);
  const runId = nonEmpty(env.GITHUB_RUN_ID);
  if (repository === undefined || runId === undefined) return undefined;
  // GITHUB_SERVER_URL is set on GitHub Enterprise too; github.com only when it is missing.
  const server = (nonEmpty(env.GITHUB_SERVER_URL) ?? 'https://github.com').replace(/\/+$/, '');
  return `${server}/${repository}/actions/runs/${runId}`;
}

/** What a CI system's variables give, before empty and unset values are dropped. */
type CiFields = Pick<CiInfo, 'provider'> & { [K in Exclude<keyof CiInfo, 'provider'>]?: string | undefined };

/** `provider` plus the fields that have a non-empty value. */
function compact(fields: CiFields): CiInfo {
  const result: CiInfo = { provider: fields.provider };
  for (const key of ['ref', 'commit', 'runUrl', 'actor'] as const) {
    const value = nonEmpty(fields[key]);
    if (value !== undefined) result[key] = value;
  }
  return result;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
