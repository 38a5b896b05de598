// A throwaway repository of the review project (ops, apps, apps-prod; resources from config.json) for
// the security tests: each drives the real CLI, terraform and git the way an attacker or an unlucky
// operator would.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MAIN_TS, PROJECT_ENV, type ReviewConfig } from '../e2e/review-project.js';
import { cli, type CliResult } from '../helpers/cli.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { jsonOutput, type RunJson } from '../helpers/run-json.js';

/** Resources of each environment when a test starts. */
export const BASE: ReviewConfig['resources'] = {
  ops: [{ name: 'a' }],
  apps: [{ name: 'a' }, { name: 'dns' }],
  'apps-prod': [{ name: 'a' }, { name: 'dns' }],
};

/** A repository of the review project with `config` committed on main. */
export async function securityRepo(config: ReviewConfig = { resources: BASE }): Promise<ExampleRepo> {
  const repo = await exampleRepo({ mainTs: MAIN_TS });
  await commitConfig(repo, config, 'three environments');
  return repo;
}

/** Commits `config` as config.json on the current branch; returns the commit. */
export function commitConfig(repo: ExampleRepo, config: ReviewConfig, message: string): Promise<string> {
  return repo.commitFile('config.json', `${JSON.stringify(config, null, 2)}\n`, message);
}

/** A finished `run --json` with its document. */
export interface Run extends CliResult {
  readonly json: RunJson & { stages: (RunJson['stages'][number] & { refusal?: string; guard?: unknown })[] };
}

/** `run --json` with the project's environment (and `env` on top). */
export async function run(dir: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  const r = await cli(dir, ['run', '--json', ...args], { ...PROJECT_ENV, ...env });
  return { ...r, json: jsonOutput<Run['json']>(r, 'run') };
}

/** Checks out `commit` (detached) and runs the deploy tag `tag` there, as a tag's CI job does. */
export async function deploy(
  dir: string,
  tag: string,
  commit: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<Run> {
  await git(dir, 'tag', '-f', tag, commit);
  await git(dir, 'checkout', '-q', '--detach', commit);
  try {
    return await run(dir, ['--ref', `refs/tags/${tag}`, ...args], env);
  } finally {
    await git(dir, 'checkout', '-q', 'main');
  }
}

/** Resource names (`terraform_data.<name>`) in an environment's local state, the record left out. */
export function resources(dir: string, env: string): string[] {
  const file = stateFile(dir, env);
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  if (text.trim() === '') return [];
  return (JSON.parse(text) as { resources: { type: string; name: string }[] }).resources
    .map((r) => `${r.type}.${r.name}`)
    .filter((r) => r !== 'terraform_data.cdktf_gitops_deployment')
    .sort();
}

/** The local state file of an environment's workspace (or of its metadata side workspace). */
export function stateFile(dir: string, workspace: string): string {
  return path.join(dir, '.terraform-state', 'workspaces', workspace, 'terraform.tfstate');
}

/** The stage of `environment` in a run's document. */
export function stageOf(r: Run, environment: string): Run['json']['stages'][number] {
  const stage = r.json.stages.find((s) => s.environment === environment);
  if (!stage) throw new Error(`no stage ${environment} in ${JSON.stringify(r.json)}`);
  return stage;
}

export { PROJECT_ENV };
