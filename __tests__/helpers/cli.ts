// The real CLI (bin/cdktf-gitops) as a subprocess, as users and CI run it.
import { execa, type ResultPromise } from 'execa';
import { cleanEnv } from './env.js';
import { BIN } from './paths.js';

/** Result of one CLI call. */
export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of a CLI process (so results type `stdout` and `stderr` as strings). */
type CliExecaOptions = { cwd: string; env: Record<string, string>; extendEnv: false; reject: false; stdin: 'ignore' };

/** A CLI process running in the background: signal it with `kill`, await it for the result. */
export type CliProcess = ResultPromise<CliExecaOptions>;

/** Starts the real CLI in `cwd` without waiting for it; `env` goes over {@link cleanEnv}. */
export function startCli(cwd: string, args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const options: CliExecaOptions = { cwd, env: cleanEnv(env), extendEnv: false, reject: false, stdin: 'ignore' };
  return execa(process.execPath, [BIN, ...args], options);
}

/** Runs the real CLI in `cwd` to its end. */
export async function cli(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const r = await startCli(cwd, args, env);
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Kills background CLI runs a failed test may have left behind and waits for them, so none outlives its files. */
export async function killAll(processes: readonly CliProcess[]): Promise<void> {
  for (const p of processes) p.kill('SIGKILL');
  await Promise.allSettled(processes);
}
