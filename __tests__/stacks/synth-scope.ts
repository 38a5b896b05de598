import { App, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { removeDir } from '../helpers/temp-dir.js';

/** `Testing.synthScope`, then removes the temp output directory cdktf made for it (it never cleans up). */
export function synthScope(fn: (scope: Construct) => void): string {
  let outdir: string | undefined;
  try {
    return Testing.synthScope((scope) => {
      outdir = App.of(scope).outdir;
      fn(scope);
    });
  } finally {
    if (outdir) removeDir(outdir);
  }
}
