// Reading what scripts and fake binaries under test append to files.
import { existsSync, readFileSync } from 'node:fs';

/** The non-empty lines of a text file; none when it does not exist (yet). */
export function readLines(file: string): string[] {
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
    : [];
}
