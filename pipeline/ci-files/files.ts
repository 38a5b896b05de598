// The CI files on disk: which ones a project has, and writing or checking them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { githubWorkflow } from './github-workflow.js';
import { gitlabCi } from './gitlab-ci.js';
import type { CiSettings } from './settings.js';

/** A CI system the generator writes a file for. */
export type CiProvider = 'github' | 'gitlab';

/** Every provider, in the order files are listed. */
export const CI_PROVIDERS: readonly CiProvider[] = ['github', 'gitlab'];

/** Each provider's file, relative to the repository root. */
export const CI_FILE_PATHS: Readonly<Record<CiProvider, string>> = {
  github: '.github/workflows/cdktf-gitops.yml',
  gitlab: '.gitlab-ci.yml',
};

/** The text of `provider`'s file for `settings`. Pure. */
export function ciFileText(provider: CiProvider, settings: CiSettings): string {
  return provider === 'github' ? githubWorkflow(settings) : gitlabCi(settings);
}

/** The providers whose file exists in `dir`. */
export function existingCiProviders(dir: string): CiProvider[] {
  return CI_PROVIDERS.filter((p) => existsSync(path.join(dir, CI_FILE_PATHS[p])));
}

/** One file that differs from what the generator writes. */
export interface CiFileDifference {
  /** Path relative to `dir`. */
  readonly file: string;
  /** The first line (from 1) that differs; undefined when the file is missing. */
  readonly line?: number;
}

/** The files of `providers` in `dir` that are missing or differ from the generated text. */
export function ciFileDifferences(
  dir: string,
  settings: CiSettings,
  providers: readonly CiProvider[],
): CiFileDifference[] {
  return providers.flatMap((provider): CiFileDifference[] => {
    const file = CI_FILE_PATHS[provider];
    const full = path.join(dir, file);
    if (!existsSync(full)) return [{ file }];
    const expected = ciFileText(provider, settings);
    const actual = readFileSync(full, 'utf8');
    return actual === expected ? [] : [{ file, line: firstDifferentLine(actual, expected) }];
  });
}

/** Writes the files of `providers` into `dir` and returns those whose content changed. */
export function writeCiFiles(dir: string, settings: CiSettings, providers: readonly CiProvider[]): string[] {
  const changed = ciFileDifferences(dir, settings, providers).map((d) => d.file);
  for (const provider of providers) {
    const file = CI_FILE_PATHS[provider];
    if (!changed.includes(file)) continue;
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), ciFileText(provider, settings));
  }
  return changed;
}

/** The first line (from 1) where two texts differ. */
export function firstDifferentLine(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  const index = left.findIndex((line, i) => line !== right[i]);
  return (index === -1 ? left.length : index) + 1;
}
