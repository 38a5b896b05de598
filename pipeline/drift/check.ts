import { ConfigError } from '../errors.js';
import { runStack } from '../execute/run-stack.js';
import type { StackRun } from '../execute/stack-run.js';
import { metadataTarget } from '../execute/stage-runs.js';
import { mapBounded } from '../execute/bounded.js';
import { readEnvironmentRecord } from '../execute/read-records.js';
import { isRepository } from '../git/index.js';
import type { ChangeCounts, DriftResult, EnvironmentDrift, PipelineEvent, StackDrift, StageResult } from '../model.js';
import { NO_CHANGES } from '../model.js';
import type { DriftOptions } from '../options.js';
import { loadProject } from '../project/load.js';
import { synthesize } from '../project/synth.js';
import type { StackRecord } from '../records/environment-record.js';
import type { Session, TerraformSetup } from '../session.js';
import { writeMetadata } from '../stackdir/metadata.js';
import { StackDir } from '../stackdir/stack-dir.js';
import { commitsBehind, mainBranchRef } from './behind.js';
import { checkoutCommitInWorktree, pointLocalBackendAtRepository, repositoryRoot } from './checkout.js';
import { DRIFT_METADATA_KEY, driftCheckRecord } from './last-check.js';
import { announceDrift, previousChecks } from './announce.js';

/** An environment to check and what its stacks record. */
interface DriftTarget {
  readonly environment: string;
  /** The recorded commit; undefined: not checked (`reason`). */
  readonly commit?: string;
  readonly reason?: string;
  readonly stacks: readonly StackRecord[];
}

/**
 * Drift detection: every environment with a deployment record is planned, with refresh, from its
 * recorded commit (checked out in a temporary worktree, synthesized there) against its live state;
 * a plan with changes is drift. The stored record is passed back unchanged so the record itself
 * never reads as drift. Nothing is applied; the worktree is removed also on failure or abort. Each
 * environment's result is kept in its metadata for `status`.
 */
export async function checkDrift(session: Session, opts: DriftOptions): Promise<DriftResult> {
  const started = performance.now();
  const dir = session.settings.projectDir;
  if (!(await isRepository(dir))) {
    throw new ConfigError(`${dir} is not inside a git repository: drift checks check out commits`);
  }
  const setup = await session.terraform(opts);
  session.synth();
  const checkedAt = new Date().toISOString();
  const concurrency = opts.concurrency ?? session.settings.concurrency;
  const targets = await mapBounded(session.environments, concurrency, (env) => targetOf(session, setup, env, opts));
  const mainRef = await mainBranchRef(dir, session.definition.mainBranch);
  const results = new Map<string, EnvironmentDrift>();
  const done = (r: EnvironmentDrift) => {
    results.set(r.environment, r);
    warnOf(session, r);
  };
  for (const t of targets)
    if (t.commit === undefined) done(unchecked(t.environment, t.reason ?? 'no deployment record'));
  // One worktree and one synthesis per recorded commit: environments often share one.
  const byCommit = new Map<string, DriftTarget[]>();
  for (const t of targets.filter((t) => t.commit !== undefined)) {
    byCommit.set(t.commit!, [...(byCommit.get(t.commit!) ?? []), t]);
  }
  for (const [commit, group] of byCommit) {
    const behindMain = mainRef === undefined ? null : await commitsBehind(dir, commit, mainRef).catch(() => null);
    const checked = await checkCommit(session, setup, commit, group, opts, concurrency);
    for (const r of checked) done({ ...r, behindMain });
  }
  const environments = session.environments.map((e) => results.get(e)!);
  const status = environments.some((e) => e.error)
    ? 'failed'
    : environments.some((e) => e.drift)
      ? 'drift'
      : 'no-drift';
  const result: DriftResult = { status, checkedAt, environments, durationMs: performance.now() - started };
  const notifies = (session.definition.notify ?? []).length > 0;
  const previous = notifies ? await previousChecks(session, setup, session.environments) : new Map<string, string>();
  await keepChecks(session, setup, result, opts);
  await announceDrift(session, setup, result, previous, opts.signal);
  return result;
}

/** An environment's recorded commit, or why it is not checked (no record; stacks that disagree). */
async function targetOf(session: Session, setup: TerraformSetup, environment: string, opts: DriftOptions) {
  const read = await readEnvironmentRecord(session, setup, environment, opts.signal);
  if (read.partial) return { environment, reason: `partial apply: ${read.partial}`, stacks: read.stacks };
  const commit = read.record?.commit;
  return commit === undefined ? { environment, stacks: read.stacks } : { environment, commit, stacks: read.stacks };
}

/** Checks the environments that recorded `commit`, in one worktree of it. */
async function checkCommit(
  session: Session,
  setup: TerraformSetup,
  commit: string,
  targets: readonly DriftTarget[],
  opts: DriftOptions,
  concurrency: number,
): Promise<EnvironmentDrift[]> {
  const t0 = performance.now();
  const fail = (t: DriftTarget, error: unknown): EnvironmentDrift => ({
    ...base(t.environment, commit),
    error: { message: error instanceof Error ? error.message : String(error) },
    durationMs: performance.now() - t0,
  });
  let checkout: Awaited<ReturnType<typeof checkoutCommitInWorktree>>;
  try {
    checkout = await checkoutCommitInWorktree(session.settings.projectDir, commit);
  } catch (error) {
    const why = new Error(`cannot check out the recorded commit ${commit.slice(0, 12)}: ${(error as Error).message}`);
    return targets.map((t) => fail(t, why));
  }
  try {
    const repoRoot = await repositoryRoot(session.settings.projectDir);
    const loaded = await loadProject(checkout.projectDir);
    const synth = synthesize(loaded, { terraformVersion: setup.version, terraformBinary: session.settings.binary });
    return await mapBounded(targets, concurrency, async (t) => {
      const stacks = synth.stacks[t.environment];
      if (stacks === undefined)
        return fail(t, new Error(`commit ${commit.slice(0, 12)} has no stack '${t.environment}'`));
      for (const s of stacks) pointLocalBackendAtRepository(s.dir, checkout.root, repoRoot);
      const named = stacks.length > 1 || stacks.some((s) => s.named);
      const dirs = stacks.map((s) => StackDir.read(s, named));
      return { ...(await checkEnvironment(session, setup, t, commit, dirs, opts)), durationMs: performance.now() - t0 };
    });
  } catch (error) {
    if (opts.signal?.aborted) throw error;
    return targets.map((t) => fail(t, error));
  } finally {
    await checkout.remove();
  }
}

/**
 * Plans each of an environment's stacks (as the recorded commit synthesized them) with its own
 * stored record passed back, reporting progress as a plan-only stage does. Order does not matter: a
 * drift plan refreshes against applied state. A stack's failure does not stop the others.
 */
async function checkEnvironment(
  session: Session,
  setup: TerraformSetup,
  t: DriftTarget,
  commit: string,
  stacks: readonly StackDir[],
  opts: DriftOptions,
): Promise<EnvironmentDrift> {
  const started = performance.now();
  const emit = (e: PipelineEvent) => session.emit(e);
  const actions = ['init', 'workspace-select', 'plan'] as const;
  const stage = { environment: t.environment, workspace: t.environment, actions: [...actions] };
  emit({ type: 'stage-start', environment: t.environment, actions: stage.actions });
  const checks: StackDrift[] = [];
  for (const stack of stacks) {
    if (opts.signal?.aborted) break;
    const record = t.stacks.find((r) => r.stack === stack.name);
    if (stack.named)
      emit({ type: 'stack-start', environment: t.environment, stack: stack.name, dependsOn: stack.dependsOn });
    const outcome =
      record === undefined
        ? undefined
        : await runStack(driftRun(session, setup, t.environment, commit, stack, record), { emit, signal: opts.signal });
    const check: StackDrift = outcome
      ? {
          stack: stack.name,
          drift: outcome.status === 'failed' ? null : outcome.drift === true,
          changes: outcome.changes,
          resourceChanges: outcome.resourceChanges,
          ...(outcome.error ? { error: { message: outcome.error.message } } : {}),
          durationMs: outcome.durationMs,
        }
      : {
          stack: stack.name,
          drift: null,
          changes: NO_CHANGES,
          resourceChanges: [],
          error: { message: `stack '${stack.name}' of the recorded commit is not in this checkout` },
          durationMs: 0,
        };
    checks.push(check);
    if (stack.named)
      emit({
        type: 'stack-end',
        environment: t.environment,
        result: { ...stage, ...asStage(check), stack: stack.name, dependsOn: stack.dependsOn },
      });
  }
  const env = stacks.some((s) => s.named) ? combineStacks(checks) : single(checks[0]);
  emit({ type: 'stage-end', stage: { ...stage, ...asStage({ ...env, durationMs: performance.now() - started }) } });
  return { ...base(t.environment, commit), ...env };
}

/** A drift check's run of one stack: its workspace must exist, its stored record is passed back. */
function driftRun(
  session: Session,
  setup: TerraformSetup,
  environment: string,
  commit: string,
  stack: StackDir,
  record: StackRecord,
): StackRun {
  const unit = { environment, ...(stack.named ? { stack: stack.name } : {}) };
  const { workingDir: _dir, ...terraform } = session.runnerOptions(stack.dir, unit);
  const settings = session.settings;
  return {
    environment,
    stack,
    mode: 'drift',
    commit,
    ref: 'HEAD',
    trigger: 'preview',
    lock: stack.readOnlyPlanLocks,
    record: { key: settings.recordKey, gateOverridden: false, ci: settings.ci },
    stored: record.stored ?? { raw: '' },
    checks: {
      cwd: settings.projectDir,
      env: settings.env,
      environments: session.environments,
      protected: false,
      approvals: { allowDestroy: false, requireReviewedPlan: false, acceptLostState: false },
      review: undefined,
      policies: [],
      history: async () => [],
    },
    terraform,
    terraformVersion: setup.version,
    // A fresh worktree: nothing to reuse.
    reuse: undefined,
    metadata: metadataTarget(session, setup, environment),
  };
}

/** The environment's check from its stacks': the first error named after its stack, changes summed. */
export function combineStacks(
  stacks: readonly StackDrift[],
): Pick<EnvironmentDrift, 'drift' | 'changes' | 'resourceChanges' | 'error' | 'stacks'> {
  const failed = stacks.find((s) => s.error);
  const drifted = stacks.some((s) => s.drift === true);
  const changes: ChangeCounts = {
    add: stacks.reduce((n, s) => n + s.changes.add, 0),
    change: stacks.reduce((n, s) => n + s.changes.change, 0),
    destroy: stacks.reduce((n, s) => n + s.changes.destroy, 0),
  };
  return {
    // Known drift stays reported even when another stack's check failed.
    drift: drifted ? true : failed ? null : false,
    changes,
    // As a stage's addresses: `<stack>:<address>`, so equal addresses of two stacks stay apart.
    resourceChanges: stacks.flatMap((s) =>
      s.resourceChanges.map((c) => ({ ...c, address: `${s.stack}:${c.address}` })),
    ),
    ...(failed?.error ? { error: { message: `${failed.stack}: ${failed.error.message}` } } : {}),
    stacks,
  };
}

function single(
  check: StackDrift | undefined,
): Pick<EnvironmentDrift, 'drift' | 'changes' | 'resourceChanges' | 'error'> {
  if (!check) return { drift: null, changes: NO_CHANGES, resourceChanges: [], error: { message: 'interrupted' } };
  const { stack: _stack, durationMs: _d, ...rest } = check;
  return rest;
}

/** A check as a stage result for progress: drift reads as planned changes. */
function asStage(
  check: Pick<EnvironmentDrift, 'drift' | 'changes' | 'resourceChanges' | 'error'> & { durationMs?: number },
) {
  const status: StageResult['status'] = check.error ? 'failed' : check.drift ? 'planned' : 'no-changes';
  return {
    status,
    changes: check.changes,
    resourceChanges: check.resourceChanges,
    durationMs: check.durationMs ?? 0,
    ...(check.error ? { error: { message: check.error.message, diagnostics: [] } } : {}),
  };
}

/** Keeps each checked environment's result for `status`; a lost note is a warning, the check is the result. */
async function keepChecks(session: Session, setup: TerraformSetup, result: DriftResult, opts: DriftOptions) {
  for (const env of result.environments) {
    const check = driftCheckRecord(env, result.checkedAt);
    if (!check) continue;
    try {
      await writeMetadata(metadataTarget(session, setup, env.environment), DRIFT_METADATA_KEY, check, opts);
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const message = `${env.environment}: could not store the drift check for status: ${reason}`;
      session.emit({ type: 'warning', environment: env.environment, message });
    }
  }
}

/** The warning an environment that drifted or whose check failed gets. */
function warnOf(session: Session, e: EnvironmentDrift): void {
  if (!e.drift && !e.error) return;
  const c = e.changes;
  const counts = `${c.add} to add, ${c.change} to change, ${c.destroy} to destroy`;
  const drifting = e.stacks?.filter((s) => s.drift).map((s) => s.stack);
  const where = drifting ? ` (stacks ${drifting.join(', ')})` : '';
  const drifted = `has drifted from ${e.commit?.slice(0, 12)}: ${counts}${where}`;
  const message = e.error ? `drift check failed: ${e.error.message}` : drifted;
  session.emit({ type: 'warning', environment: e.environment, message: `${e.environment}: ${message}` });
}

function base(environment: string, commit: string | null): EnvironmentDrift {
  return {
    environment,
    commit,
    behindMain: null,
    drift: null,
    changes: NO_CHANGES,
    resourceChanges: [],
    durationMs: 0,
  };
}

function unchecked(environment: string, reason: string): EnvironmentDrift {
  return { ...base(environment, null), reason };
}
