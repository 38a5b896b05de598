import { benchEnv } from '../bench/env.js';
import { createScaledProject } from '../bench/project.js';
import { runLimit } from '../bench/limit.js';
import { runPipeline } from '../bench/scenarios.js';
const N = Number(process.argv[2] ?? 1000);
const env = benchEnv();
const p = await createScaledProject(N, env.vars);
const cmd = { cwd: p.dir, env: env.vars };
try {
  await runPipeline(p, cmd, { expect: 'ops:applied,apps:planned' });
  await p.git('tag', 'apps-deploy-x');
  await runPipeline(p, cmd, { ref: 'refs/tags/apps-deploy-x', expect: 'apps:applied,apps-prod:planned' });
  for (let i = 0; i < 3; i++) {
    await p.git('commit', '-q', '--allow-empty', '-m', `r${i}`);
    const u = await runPipeline(p, cmd, { expect: 'ops:unchanged,apps:unchanged' });
    const full = await runPipeline(p, cmd, { expect: 'ops:applied,apps:no-changes', args: ['--full'] });
    const limit = await runLimit(p, cmd);
    console.log(`N=${N} unchanged ${(u.ms / 1000).toFixed(2)} s, full ${(full.ms / 1000).toFixed(2)} s, limit ${(limit / 1000).toFixed(2)} s, ratio ${(u.ms / limit).toFixed(2)}`);
  }
} finally { p.remove(); env.remove(); }
