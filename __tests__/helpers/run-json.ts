// The JSON documents of `run --json` and `status --json`, parsed for assertions.
import { cli, type CliResult } from './cli.js';

/** A deployment record as the CLI prints it. */
export interface RecordJson {
  commit: string;
  ref: string;
  trigger: string;
  time: string;
}

/** One stage of `run --json`. */
export interface StageJson {
  environment: string;
  workspace: string;
  status: string;
  changes: { add: number; change: number; destroy: number };
  resourceChanges: { address: string; actions: string[] }[];
  record?: RecordJson;
  error?: { message: string; diagnostics: { summary: string; detail?: string }[] };
  /** Each stack, for an environment made of named stacks. */
  stacks?: StackJson[];
}

/** One stack of a stage of `run --json`. */
export interface StackJson extends Omit<StageJson, 'stacks'> {
  stack: string;
  dependsOn: string[];
  unappliedDependencies?: string[];
}

/** `run --json`. */
export interface RunJson {
  ref: string;
  commit: string;
  trigger: string;
  status: string;
  message?: string;
  gate?: { passed: boolean; overridden: boolean; message: string };
  stages: StageJson[];
}

/** A finished CLI run with its JSON document parsed. */
export interface RunOutcome extends CliResult {
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
  if (!Array.isArray(json?.stages))
    throw new Error(`run printed no run result (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr, json };
}

/** `environment: status` of every stage, for compact assertions. */
export function stageStatuses(json: RunJson): string[] {
  return json.stages.map((s) => `${s.environment}: ${s.status}`);
}

/** Exit code, status, message (null when none) and stage statuses: a failed assertion on it shows why a run failed. */
export function brief(o: RunOutcome): { exitCode: number; status: string; message: string | null; stages: string[] } {
  return {
    exitCode: o.exitCode,
    status: o.json.status,
    message: o.json.message ?? null,
    stages: stageStatuses(o.json),
  };
}

/** `status --json` in `dir` (expected to exit 0): each environment's deployment record, `null` where it has none. */
export async function statusRecords(
  dir: string,
  env: Record<string, string> = {},
): Promise<Record<string, RecordJson | null>> {
  const r = await cli(dir, ['status', '--json'], env);
  expect(r.exitCode).toBe(0);
  const json = JSON.parse(r.stdout) as { environments: { environment: string; record: RecordJson | null }[] };
  return Object.fromEntries(json.environments.map((e) => [e.environment, e.record]));
}

/** `[environment, commit]` of every environment's record from `status --json` in `dir` (commit `null` where none). */
export async function recordCommits(dir: string, env: Record<string, string> = {}): Promise<[string, string | null][]> {
  return Object.entries(await statusRecords(dir, env)).map(([e, record]) => [e, record?.commit ?? null]);
}

/** The JSON document `command` printed on stdout, as `T`; fails with the whole output when there is none. */
export function jsonOutput<T>(
  r: { exitCode?: number | undefined; stdout: string; stderr: string },
  command: string,
): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`${command} printed no JSON (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
  }
}
