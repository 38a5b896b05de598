// A tiny model of how GitHub Actions picks jobs for a push, for the subset the workflow uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/paths.js';

/** One step of a job, as far as the tests look at it. */
export interface GithubStep {
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
}

/** One job, as far as the tests look at it. */
export interface GithubJob {
  readonly if?: string;
  readonly environment?: string;
  readonly concurrency?: { readonly group: string; readonly 'cancel-in-progress'?: boolean };
  readonly steps: readonly GithubStep[];
}

/** The parsed workflow. */
export interface GithubWorkflow {
  readonly on: {
    readonly push: { readonly branches?: string[]; readonly tags?: string[] };
    readonly schedule?: readonly { readonly cron: string }[];
    readonly workflow_dispatch?: unknown;
  };
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, GithubJob>;
}

/** Path of the workflow under test. */
export const workflowPath = join(ROOT, '.github/workflows/cdktf-gitops.yml');

/** Parses the workflow file. */
export function loadWorkflow(path = workflowPath): GithubWorkflow {
  return parseWorkflow(readFileSync(path, 'utf8'));
}

/** Parses a workflow's text. */
export function parseWorkflow(text: string): GithubWorkflow {
  return parse(text) as GithubWorkflow;
}

/** GitHub's filter-pattern subset used here: `**` any characters, `*` any but `/`; others throw. */
export function globMatches(pattern: string, name: string): boolean {
  if (/[?+[\]!]/.test(pattern)) throw new Error(`unsupported filter pattern: ${pattern}`);
  const source = pattern
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.^$(){}|\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${source}$`).test(name);
}

/** Whether `on.push` starts the workflow for `ref` (branches and tags filters only). */
export function pushTriggers(workflow: GithubWorkflow, ref: string): boolean {
  const push = workflow.on.push;
  const unknown = Object.keys(push).filter((k) => k !== 'branches' && k !== 'tags');
  if (unknown.length > 0) throw new Error(`unsupported push filters: ${unknown.join(', ')}`);
  const [, kind, name] = /^refs\/(heads|tags)\/(.+)$/.exec(ref) ?? [];
  if (name === undefined) return false;
  const patterns = kind === 'heads' ? push.branches : push.tags;
  return (patterns ?? []).some((p) => globMatches(p, name));
}

/** The events the workflow answers: a push, its schedule, or a manual run. */
export type GithubEvent = 'push' | 'schedule' | 'workflow_dispatch';

/**
 * Evaluates a job's `if:` for `github.ref` and `github.event_name`. Supported: terms joined by
 * `&&`, each one of `startsWith(github.ref, '…')`, `github.ref == '…'`, `github.ref != '…'`,
 * `github.event_name == '…'`, `github.event_name != '…'`; anything else throws.
 * Comparisons ignore case, as GitHub's do.
 */
export function evaluateIf(expression: string | undefined, ref: string, event: GithubEvent = 'push'): boolean {
  if (expression === undefined) return true;
  const body = expression.trim().replace(/^\$\{\{(.*)\}\}$/s, '$1');
  const value = ref.toLowerCase();
  return body.split('&&').every((raw) => {
    const term = raw.trim();
    const starts = /^startsWith\(\s*github\.ref\s*,\s*'([^']*)'\s*\)$/.exec(term);
    if (starts) return value.startsWith(starts[1]!.toLowerCase());
    const compare = /^github\.ref\s*(==|!=)\s*'([^']*)'$/.exec(term);
    if (compare) return (value === compare[2]!.toLowerCase()) === (compare[1] === '==');
    const eventCompare = /^github\.event_name\s*(==|!=)\s*'([^']*)'$/.exec(term);
    if (eventCompare) return (event === eventCompare[2]!.toLowerCase()) === (eventCompare[1] === '==');
    throw new Error(`unsupported if: term: ${term}`);
  });
}

/** Expands `${{ github.ref }}` in a concurrency group; other expressions throw. */
export function expandGroup(group: string, ref: string): string {
  return group.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    if (expr !== 'github.ref') throw new Error(`unsupported expression in group: ${expr}`);
    return ref;
  });
}

/** Names of the jobs a push of `ref` runs (or, with `event`, a schedule or manual run on `ref`). */
export function githubJobsFor(workflow: GithubWorkflow, ref: string, event: GithubEvent = 'push'): string[] {
  if (event === 'push' && !pushTriggers(workflow, ref)) return [];
  if (event === 'schedule' && (workflow.on.schedule ?? []).length === 0) return [];
  if (event === 'workflow_dispatch' && !('workflow_dispatch' in workflow.on)) return [];
  return Object.entries(workflow.jobs)
    .filter(([, job]) => evaluateIf(job.if, ref, event))
    .map(([name]) => name);
}
