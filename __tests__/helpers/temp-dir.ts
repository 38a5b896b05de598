// Throwaway directories for tests: one place that makes and removes them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A fresh, empty directory under the OS temp dir; `prefix` names its owner in a listing of /tmp. */
export function makeTempDir(prefix = 'cdktf-gitops-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Removes `dir` and everything in it; a missing directory is fine (safe in `afterAll` after a failed `beforeAll`). */
export function removeDir(dir: string | undefined): void {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

/** Runs `fn` in a fresh temp dir and removes it afterwards, also when `fn` throws. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = makeTempDir(prefix);
  try {
    return await fn(dir);
  } finally {
    removeDir(dir);
  }
}

/** Temp dirs made during a test file, removed together (call {@link TempDirs.removeAll} in `afterAll`). */
export class TempDirs {
  private readonly dirs: string[] = [];

  constructor(private readonly prefix = 'cdktf-gitops-') {}

  /** A fresh temp dir, remembered for {@link TempDirs.removeAll}. */
  make(prefix = this.prefix): string {
    const dir = makeTempDir(prefix);
    this.dirs.push(dir);
    return dir;
  }

  /** Remembers a directory made elsewhere (e.g. by {@link makeTempDir} inside another helper). */
  add(dir: string): string {
    this.dirs.push(dir);
    return dir;
  }

  /** Removes every directory made or added so far. */
  removeAll(): void {
    for (const dir of this.dirs.splice(0)) removeDir(dir);
  }
}

/**
 * Gives the enclosing `describe` (or file) a temp dir: made before its tests and removed after them,
 * or a fresh one for every test with `each`. Returns the current directory's path.
 */
export function useTempDir(prefix: string, opts: { each?: boolean } = {}): () => string {
  let dir: string | undefined;
  const make = () => {
    dir = makeTempDir(prefix);
  };
  const remove = () => removeDir(dir);
  if (opts.each) {
    beforeEach(make);
    afterEach(remove);
  } else {
    beforeAll(make);
    afterAll(remove);
  }
  return () => {
    if (dir === undefined) throw new Error(`useTempDir('${prefix}'): no directory outside the tests it serves`);
    return dir;
  };
}
