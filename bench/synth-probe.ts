// Run as a child process (`node --import tsx bench/synth-probe.ts DIR MODE`): loads a project the
// way the CLI does and synthesizes it once into a temp directory; prints {loadMs, synthMs} as JSON.
// MODE: `pipeline` (the pipeline's synth, both CDK patches), `eager-stacks` (the same with only the
// version-check patch: tokens' creation stacks formatted at once, as cdktf does), `cdktf` (no patch:
// cdktf's validations as they come, one `terraform version` per resource) or `skip` (no validations).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadProject } from '../pipeline/project/load.js';
import { versionChecksOnce } from '../pipeline/project/cdk-patches.js';
import { synthesize } from '../pipeline/project/synth.js';

const [dir, mode = 'pipeline'] = process.argv.slice(2);
if (!dir || !['pipeline', 'eager-stacks', 'cdktf', 'skip'].includes(mode))
  throw new Error('usage: synth-probe.ts DIR pipeline|eager-stacks|cdktf|skip');
const outdir = mkdtempSync(path.join(tmpdir(), 'cdktf-gitops-bench-synth-'));
try {
  const t0 = performance.now();
  const loaded = { ...(await loadProject(dir)), outdir };
  const t1 = performance.now();
  if (mode === 'pipeline') synthesize(loaded);
  else if (mode === 'eager-stacks') {
    const restore = versionChecksOnce([loaded.entry]);
    try {
      synthesize(loaded, { cdkPatches: false });
    } finally {
      restore();
    }
  } else loaded.project.createApp({ outdir, skipValidation: mode === 'skip' }).synth();
  const t2 = performance.now();
  process.stdout.write(`${JSON.stringify({ loadMs: t1 - t0, synthMs: t2 - t1 })}\n`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
