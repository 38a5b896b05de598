import type { CiSettings } from './settings.js';

/** What a job does: plan a feature branch, apply from main or a deploy tag, or check for drift. */
export type CiJobKind = 'feature' | 'main' | 'deploy' | 'drift';

/** One job of the CI files; both files have the same jobs under the same names. */
export interface CiJob {
  /** Job name: `feature`, `main`, `deploy-<env>` or `drift`. */
  readonly name: string;
  readonly kind: CiJobKind;
  /** The environment the job applies: the first for `main`, its own for `deploy`. */
  readonly applies?: string;
  /** The environment planned after the apply (the next in promotion order), if any. */
  readonly thenPlans?: string;
  /** For `deploy`: the tag prefix that starts it, `<env>-deploy-`. */
  readonly tagPrefix?: string;
}

/**
 * The jobs, in file order. Deploy jobs exist for every environment but the first (it changes only
 * through the main branch). Environment names never contain `-deploy` (see environmentNameProblems),
 * so a tag starts with at most one `<env>-deploy-` prefix: each deploy tag starts exactly one job.
 */
export function ciJobs(settings: CiSettings): CiJob[] {
  const envs = settings.environments;
  const next = (index: number) => (envs[index + 1] !== undefined ? { thenPlans: envs[index + 1]! } : {});
  const deploys = envs.slice(1).map(
    (env, i): CiJob => ({
      name: `deploy-${env}`,
      kind: 'deploy',
      applies: env,
      tagPrefix: `${env}-deploy-`,
      ...next(i + 1),
    }),
  );
  return [
    { name: 'feature', kind: 'feature' },
    { name: 'main', kind: 'main', applies: envs[0]!, ...next(0) },
    ...deploys,
    { name: 'drift', kind: 'drift' },
  ];
}

/** GitLab's deployment tier of an applied environment: the first `testing`, the last `production`. */
export function deploymentTier(env: string, environments: readonly string[]): 'testing' | 'staging' | 'production' {
  const index = environments.indexOf(env);
  if (index === 0) return 'testing';
  return index === environments.length - 1 ? 'production' : 'staging';
}

/** What a job may touch. The split is documented in docs/ci.md and in the files' comments. */
export interface JobCredentials {
  /** `write`: the backend's write credentials; `plan`: a read-only role's. */
  readonly backend: 'write' | 'plan';
  /** Whether the job gets the deployment records' signing key (only jobs that apply). */
  readonly recordKey: boolean;
}

/** Applying jobs get write credentials and the key; drift writes only its notes (no key); feature plans only. */
export function jobCredentials(kind: CiJobKind): JobCredentials {
  if (kind === 'feature') return { backend: 'plan', recordKey: false };
  return { backend: 'write', recordKey: kind !== 'drift' };
}

/** The variable holding the HMAC key that signs and verifies deployment records. */
export const RECORD_KEY_VARIABLE = 'CDKTF_GITOPS_RECORD_KEY';
/** The pg backend's connection string, with write access (terraform reads it from the environment). */
export const BACKEND_WRITE_VARIABLE = 'PG_CONN_STR';
/** The secret or variable holding a read-only role's connection string, given to plans as PG_CONN_STR. */
export const BACKEND_PLAN_VARIABLE = 'PG_CONN_STR_PLAN';

/** Terraform's pg backend settings that keep `init` from creating anything (a read-only role cannot). */
export const PG_READ_ONLY_SETTINGS: Readonly<Record<string, string>> = {
  PG_SKIP_SCHEMA_CREATION: 'true',
  PG_SKIP_TABLE_CREATION: 'true',
  PG_SKIP_INDEX_CREATION: 'true',
};
