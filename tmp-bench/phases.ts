import { benchEnv } from '../bench/env.js';
import { createScaledProject } from '../bench/project.js';
import { runPipeline, bin } from '../bench/scenarios.js';
import { timed } from '../bench/measure.js';
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
    const synth = await timed(bin(p.dir, 'cdktf-gitops'), ['synth'], cmd);
    const help = await timed(bin(p.dir, 'cdktf-gitops'), ['--help'], cmd);
    const u = await runPipeline(p, cmd, { expect: 'ops:unchanged,apps:unchanged' });
    const st = await timed(bin(p.dir, 'cdktf-gitops'), ['status', '--json'], cmd);
    console.log(`N=${N} help ${(help.ms/1000).toFixed(2)} synth ${(synth.ms / 1000).toFixed(2)} s, unchanged ${(u.ms / 1000).toFixed(2)} s status ${(st.ms/1000).toFixed(2)}`);
  }
} finally { p.remove(); env.remove(); }
