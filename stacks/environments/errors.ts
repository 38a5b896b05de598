/**
 * The environments' configuration is invalid. Carries every problem found, not just the first,
 * so one run shows everything to fix; the message lists them one per line.
 */
export class EnvironmentConfigError extends Error {
  /** Each problem as one human-readable sentence. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvironmentConfigError';
    this.problems = [...problems];
  }
}

/** Throws an {@link EnvironmentConfigError} when `problems` is not empty. */
export function throwIfProblems(problems: readonly string[]): void {
  if (problems.length > 0) throw new EnvironmentConfigError(problems);
}
