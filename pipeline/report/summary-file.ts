import { appendFileSync } from 'node:fs';

/**
 * Where a run's Markdown summary goes when `--summary-file` is not given: GitHub Actions'
 * `GITHUB_STEP_SUMMARY` (only with `GITHUB_ACTIONS=true`), else nowhere.
 */
export function defaultSummaryFile(env: NodeJS.ProcessEnv): string | undefined {
  const file = env.GITHUB_STEP_SUMMARY;
  return env.GITHUB_ACTIONS === 'true' && file !== undefined && file !== '' ? file : undefined;
}

/**
 * Appends `markdown` to `file` (GitHub concatenates a job's step summaries, so never truncate).
 * A write failure is reported through `warn` and does not fail the run: terraform has already acted.
 */
export function appendSummary(file: string, markdown: string, warn: (message: string) => void): boolean {
  try {
    appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    return true;
  } catch (error) {
    warn(`could not write the summary to ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
