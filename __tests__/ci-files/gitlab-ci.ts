// A tiny model of how GitLab CI picks jobs for a push, for the subset .gitlab-ci.yml uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/paths.js';

/** One rule of a job. */
export interface GitlabRule {
  readonly if?: string;
  readonly when?: string;
}

/** One job after `extends` is resolved, as far as the tests look at it. */
export interface GitlabJob {
  readonly image?: string;
  readonly variables?: Record<string, string>;
  readonly before_script?: string[];
  readonly script?: string[];
  readonly after_script?: string[];
  readonly rules?: GitlabRule[];
  readonly resource_group?: string;
  readonly interruptible?: boolean;
  readonly artifacts?: { readonly when?: string; readonly paths?: string[] };
  readonly environment?: { readonly name?: string; readonly deployment_tier?: string; readonly url?: string };
  readonly [key: string]: unknown;
}

/** Top-level keys that are not jobs. */
const globalKeywords = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'spec',
]);

/** Path of the file under test. */
export const gitlabCiPath = join(ROOT, '.gitlab-ci.yml');

/** Parses the file. */
export function loadGitlabCi(path = gitlabCiPath): Record<string, unknown> {
  return parseGitlabCi(readFileSync(path, 'utf8'));
}

/** Parses a configuration's text. */
export function parseGitlabCi(text: string): Record<string, unknown> {
  return parse(text) as Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** GitLab's `extends` merge: hashes merge deeply, anything else is replaced by the child's. */
function deepMerge(base: Record<string, unknown>, child: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(child)) {
    const prior = out[key];
    out[key] = isObject(prior) && isObject(value) ? deepMerge(prior, value) : value;
  }
  return out;
}

/** Resolves `extends` (string or list, recursively) of the job `name`. */
export function resolveJob(config: Record<string, unknown>, name: string): GitlabJob {
  const job = config[name];
  if (!isObject(job)) throw new Error(`no job ${name}`);
  const parents = job.extends === undefined ? [] : ([] as string[]).concat(job.extends as string);
  const { extends: _ignored, ...own } = job;
  const base = parents.reduce<Record<string, unknown>>((acc, p) => deepMerge(acc, resolveJob(config, p)), {});
  return deepMerge(base, own) as GitlabJob;
}

/** Names of the runnable jobs (not hidden, not global keywords). */
export function jobNames(config: Record<string, unknown>): string[] {
  return Object.keys(config).filter((k) => !k.startsWith('.') && !globalKeywords.has(k));
}

/** The predefined variables GitLab sets for a push of `ref` (undefined: GitLab starts no push pipeline). */
export function variablesFor(ref: string): Record<string, string> | undefined {
  const [, kind, name] = /^refs\/(heads|tags)\/(.+)$/.exec(ref) ?? [];
  if (name === undefined) return undefined;
  return kind === 'heads'
    ? { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: name }
    : { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_TAG: name };
}

/** The predefined variables of a pipeline schedule on `branch` (GitLab sets the branch too). */
export function scheduleVariables(branch: string): Record<string, string> {
  return { CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BRANCH: branch };
}

/**
 * Evaluates a rule's `if:`. Supported: terms joined by `&&`, each one of `$VAR`,
 * `$VAR == "…"`, `$VAR != "…"`, `$VAR =~ /…/`; anything else throws. Case-sensitive, as GitLab.
 */
export function evaluateRuleIf(expression: string, variables: Record<string, string>): boolean {
  return expression.split('&&').every((raw) => {
    const term = raw.trim();
    const defined = /^\$(\w+)$/.exec(term);
    if (defined) return (variables[defined[1]!] ?? '') !== '';
    const compare = /^\$(\w+)\s*(==|!=)\s*"([^"]*)"$/.exec(term);
    if (compare) return (variables[compare[1]!] === compare[3]) === (compare[2] === '==');
    const match = /^\$(\w+)\s*=~\s*\/(.*)\/$/.exec(term);
    if (match) {
      const value = variables[match[1]!];
      return value !== undefined && new RegExp(match[2]!).test(value);
    }
    throw new Error(`unsupported rules if: term: ${term}`);
  });
}

/** Whether a job's rules add it to the pipeline: the first matching rule decides. */
export function rulesMatch(job: GitlabJob, variables: Record<string, string>): boolean {
  if (job.only !== undefined || job.except !== undefined) throw new Error('only/except not supported');
  if (job.rules === undefined) return true;
  const rule = job.rules.find((r) => r.if === undefined || evaluateRuleIf(r.if, variables));
  return rule !== undefined && rule.when !== 'never';
}

/** Names of the jobs a push of `ref` runs. */
export function gitlabJobsFor(config: Record<string, unknown>, ref: string): string[] {
  const variables = variablesFor(ref);
  if (variables === undefined) return [];
  return gitlabJobsForVariables(config, variables);
}

/** Names of the jobs a pipeline with these predefined variables runs. */
export function gitlabJobsForVariables(config: Record<string, unknown>, variables: Record<string, string>): string[] {
  const workflow = config.workflow;
  if (isObject(workflow) && !rulesMatch({ rules: workflow.rules as GitlabRule[] }, variables)) return [];
  return jobNames(config).filter((name) => rulesMatch(resolveJob(config, name), variables));
}
