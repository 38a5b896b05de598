import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { BIN, cleanEnv } from '../helpers/cli.js';

/** Options of a background CLI process (so results type `stdout` and `stderr` as strings). */
type CliExecaOptions = { cwd: string; env: Record<string, string>; extendEnv: false; reject: false; stdin: 'ignore' };

/** A CLI process running in the background: signal it with `kill`, await it for the result. */
export type CliProcess = ResultPromise<CliExecaOptions>;

/** Starts the real CLI in `cwd` without waiting for it. */
export function startCli(cwd: string, args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const options: CliExecaOptions = { cwd, env: cleanEnv(env), extendEnv: false, reject: false, stdin: 'ignore' };
  return execa(process.execPath, [BIN, ...args], options);
}

/** Polls `check` until it holds; fails with `what` after `timeoutMs` (a hang, not a timing assertion). */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(100);
  }
}

/** The lines of a text file; none when it does not exist. */
export function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : [];
}

/** One stage of `run --json`. */
export interface StageJson {
  environment: string;
  status: string;
  changes: { add: number; change: number; destroy: number };
  resourceChanges: { address: string; actions: string[] }[];
  record?: { commit: string; ref: string; trigger: string; time: string };
  error?: { message: string; diagnostics: { summary: string; detail?: string }[] };
}

/** `run --json`. */
export interface RunJson {
  ref: string;
  commit: string;
  trigger: string;
  status: string;
  message?: string;
  stages: StageJson[];
}

/** A finished CLI run with its JSON document parsed. */
export interface RunOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  json: RunJson;
}

/** Parses the JSON document of a finished `run --json`, failing with the whole output when there is none. */
export function runOutcome(r: { exitCode?: number | undefined; stdout: string; stderr: string }): RunOutcome {
  let json: RunJson | undefined;
  try {
    json = JSON.parse(r.stdout) as RunJson;
  } catch {
    // Reported below with the whole output.
  }
  if (!Array.isArray(json?.stages)) throw new Error(`run printed no run result (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr, json };
}

/** `environment: status` of every stage, for compact assertions. */
export function stageStatuses(json: RunJson): string[] {
  return json.stages.map((s) => `${s.environment}: ${s.status}`);
}

/** Exit code, status, message (null when none) and stage statuses: a failed assertion on it shows why a run failed. */
export function brief(o: RunOutcome): { exitCode: number; status: string; message: string | null; stages: string[] } {
  return { exitCode: o.exitCode, status: o.json.status, message: o.json.message ?? null, stages: stageStatuses(o.json) };
}
