import { GitError, runGit } from '../../git/index.js';

/** The commit message trailer that approves deletes in the environments it names. */
export const ALLOW_DESTROY_TRAILER = 'Allow-Destroy';

/** What the `Allow-Destroy` trailers of a promotion say about one environment. */
export interface TrailerApproval {
  /** The commit whose trailer approves the environment; absent: none does. */
  readonly commit?: string;
  /** Why trailers approve nothing here (a rollback, a value that is not a list of names, …), one sentence each. */
  readonly notes: readonly string[];
}

/** Input of {@link findTrailerApproval}. */
export interface TrailerApprovalInput {
  /** Where git runs. */
  readonly cwd: string;
  readonly environment: string;
  /** The project's environments: the only words a trailer may name. */
  readonly environments: readonly string[];
  /** The commit the environment runs now (its record); absent: it runs none yet. */
  readonly base: string | undefined;
  /** The commit being applied. */
  readonly commit: string;
}

/**
 * Parses one trailer value strictly: a comma-separated list of environment names. Anything else
 * (free text such as `ops only -- not apps`) approves nothing, and the reason says why.
 */
export function parseAllowDestroy(
  value: string,
  environments: readonly string[],
): { readonly environments: string[] } | { readonly invalid: string } {
  const names = value.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !environments.includes(n));
  if (names.length === 0 || unknown.length > 0) {
    const what = unknown.map((n) => `'${n}'`).join(', ');
    return {
      invalid:
        `'${ALLOW_DESTROY_TRAILER}: ${value}' approves nothing: ${what || 'it'} is not an environment ` +
        `(the value is a comma-separated list of environment names: ${environments.join(', ')})`,
    };
  }
  return { environments: names };
}

/**
 * Finds the `Allow-Destroy` trailer that approves `environment` in this promotion: only a trailer of
 * a commit the promotion brings (reachable from `commit`, not from `base`), only when the promotion
 * moves forward (`base` is an ancestor of `commit`), and only a value that names the environment
 * exactly. git parses the trailer block, so a line in the body does not count.
 */
export async function findTrailerApproval(input: TrailerApprovalInput): Promise<TrailerApproval> {
  const { cwd, environment, base, commit } = input;
  if (base === commit) {
    return { notes: [`${environment} runs ${short(commit)} already: this apply brings no commit to approve it`] };
  }
  if (base !== undefined && !(await isForward(cwd, base, commit))) {
    return {
      notes: [
        `${environment} runs ${short(base)}, which ${short(commit)} does not contain: a rollback or a move ` +
          `sideways, whose destroys no trailer approves (pass --allow-destroy)`,
      ],
    };
  }
  const range = base === undefined ? [commit] : [`${base}..${commit}`];
  const format = `--format=%H%x1f%(trailers:key=${ALLOW_DESTROY_TRAILER},valueonly,separator=%x1d)%x1e`;
  const { stdout } = await runGit(cwd, ['log', format, '--end-of-options', ...range]);
  const notes: string[] = [];
  for (const entry of stdout.split('\x1e')) {
    const [sha, values] = entry.trim().split('\x1f');
    if (!sha || !values) continue;
    for (const value of values.split('\x1d').map((v) => v.trim())) {
      if (value === '') continue;
      const parsed = parseAllowDestroy(value, input.environments);
      if ('invalid' in parsed) notes.push(`${short(sha)}: ${parsed.invalid}`);
      else if (parsed.environments.includes(environment)) return { commit: sha, notes };
    }
  }
  return { notes };
}

async function isForward(cwd: string, base: string, commit: string): Promise<boolean> {
  try {
    const r = await runGit(cwd, ['merge-base', '--is-ancestor', '--end-of-options', base, commit], [0, 1]);
    return r.exitCode === 0;
  } catch (error) {
    // The commit the environment runs is not in this clone: it cannot be shown to move forward.
    if (error instanceof GitError && (error.kind === 'unknown-revision' || error.kind === 'failed')) return false;
    throw error;
  }
}

function short(sha: string): string {
  return sha.slice(0, 12);
}
