import * as fs from 'node:fs';
import { App, Testing } from 'cdktf';
import type { Construct } from 'constructs';

/** `Testing.synthScope`, then removes the temp output directory cdktf made for it (it never cleans up). */
export function synthScope(fn: (scope: Construct) => void): string {
  let outdir: string | undefined;
  try {
    return Testing.synthScope((scope) => {
      outdir = App.of(scope).outdir;
      fn(scope);
    });
  } finally {
    if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  }
}
