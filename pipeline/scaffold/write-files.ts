import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../errors.js';

/**
 * Writes `files` (path relative to `dir` → text) into `dir`, creating directories. Unless `force`, any
 * file that exists already is a {@link ConfigError} naming every one, and nothing is written.
 */
export function writeNewFiles(dir: string, files: Readonly<Record<string, string>>, force: boolean): void {
  const existing = Object.keys(files).filter((file) => existsSync(path.join(dir, file)));
  if (existing.length > 0 && !force) {
    throw new ConfigError(
      `${dir} already has ${existing.join(', ')}: nothing was written (--force overwrites ${
        existing.length === 1 ? 'it' : 'them'
      })`,
    );
  }
  for (const [file, text] of Object.entries(files)) {
    const full = path.join(dir, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}
