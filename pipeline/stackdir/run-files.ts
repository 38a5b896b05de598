import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Files a run keeps in a stack directory while it works (saved plans, pushed metadata states) are
 * named `<prefix><pid>-<8 hex><suffix>`: runs sharing a directory never collide, and a later run can
 * tell the files of a process that is gone (killed before its clean-up) from those of one still running.
 */
export interface RunFileKind {
  readonly prefix: string;
  readonly suffix: string;
}

/** A saved plan: it holds the plan's values, sensitive ones in clear. */
export const PLAN_FILE: RunFileKind = { prefix: 'cdktf-gitops.', suffix: '.tfplan' };

/** A metadata state about to be pushed (pipeline/stackdir/metadata.ts). */
export const PUSH_FILE: RunFileKind = { prefix: 'push-', suffix: '.tfstate' };

/**
 * A new, empty file of `kind` in `dir`, readable and writable by this user only (terraform writes a
 * plan into an existing file in place, keeping its mode). Returns its path.
 */
export function createRunFile(dir: string, kind: RunFileKind): string {
  const file = path.join(dir, `${kind.prefix}${process.pid}-${randomUUID().slice(0, 8)}${kind.suffix}`);
  writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
  return file;
}

/** Removes the files of `kind` in `dir` that processes no longer running left behind; returns their names. */
export function removeStaleRunFiles(dir: string, kind: RunFileKind): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(kind.prefix) || !name.endsWith(kind.suffix)) continue;
    const match = /^(\d+)-[0-9a-f]{8}$/.exec(name.slice(kind.prefix.length, name.length - kind.suffix.length));
    if (!match || isRunning(Number(match[1]))) continue;
    rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
export function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
