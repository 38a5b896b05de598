import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execa } from 'execa';
import { ROOT } from './project.js';

/** What the numbers were measured on. */
export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly loadAverage: string;
  readonly os: string;
  readonly node: string;
  readonly terraform: string;
  readonly cdktf: string;
  readonly cdktfCli: string;
}

/** Reads the machine and the tool versions. */
export async function describeMachine(env: Record<string, string>): Promise<Machine> {
  const tf = await execa('terraform', ['version', '-json'], { env, extendEnv: false, reject: false });
  const version = (pkg: string) =>
    (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
      .version;
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    terraform:
      tf.exitCode === 0
        ? (JSON.parse(String(tf.stdout)) as { terraform_version: string }).terraform_version
        : 'unknown',
    cdktf: version('cdktf'),
    cdktfCli: version('cdktf-cli'),
  };
}
