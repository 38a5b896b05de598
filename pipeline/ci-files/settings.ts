import { environmentNameProblems } from '../../stacks/environments/names.js';
import { ConfigError } from '../errors.js';
import { refProblem } from '../refs/validate.js';

/** What the CI files are generated from: the project's environments and main branch. */
export interface CiSettings {
  /** Environment names in promotion order; the first is the internal one. */
  readonly environments: readonly string[];
  /** The main branch's short name (`main`, not `refs/heads/main`). */
  readonly mainBranch: string;
}

/** The GitHub environment of the drift job; a project environment of this name would receive its secrets. */
export const DRIFT_ENVIRONMENT = 'cdktf-gitops-drift';

const HEADS = 'refs/heads/';

/** The short name of a main branch configured as `main` or `refs/heads/main`. */
export function shortBranchName(branch: string): string {
  return branch.startsWith(HEADS) ? branch.slice(HEADS.length) : branch;
}

/** Every problem with these settings (empty when valid): environment names, the branch name. */
export function ciSettingsProblems(environments: readonly string[], mainBranch: string): string[] {
  const problems = environmentNameProblems(environments);
  if (environments.includes(DRIFT_ENVIRONMENT)) {
    problems.push(`environment name "${DRIFT_ENVIRONMENT}" is reserved for the CI files' drift job`);
  }
  const branch = shortBranchName(mainBranch);
  // refProblem refuses quotes, `$` and other shell characters too: the name goes into YAML and shell lines.
  const problem = refProblem(`${HEADS}${branch}`);
  if (problem !== undefined) problems.push(`main branch name "${branch}" is invalid: ${problem}`);
  return problems;
}

/** Validated settings; throws a {@link ConfigError} listing every problem. */
export function ciSettings(environments: readonly string[], mainBranch: string): CiSettings {
  const problems = ciSettingsProblems(environments, mainBranch);
  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  return { environments: [...environments], mainBranch: shortBranchName(mainBranch) };
}
