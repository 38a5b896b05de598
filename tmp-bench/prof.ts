import { benchEnv } from '../bench/env.js';
import { createScaledProject } from '../bench/project.js';
import { execa } from 'execa';
const env = benchEnv();
const p = await createScaledProject(1000, env.vars);
try {
  await execa(process.execPath, ['--cpu-prof', '--cpu-prof-dir', '/tmp/prof', `${p.dir}/node_modules/.bin/cdktf-gitops`, 'synth'], { cwd: p.dir, env: env.vars, extendEnv: false });
} finally { p.remove(); env.remove(); }
