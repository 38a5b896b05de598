import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { DEPLOYMENT_RECORD_NAME, isDeploymentRecordAddress } from '../../stacks/deployment-record.js';
import { loadProject } from '../project/load.js';
import { synthesize } from '../project/synth.js';
import { mapBounded } from '../run/bounded.js';
import { readOnlyPlanLocks } from '../run/preview-lock.js';
import type { StoredRecord } from '../run/record.js';
import type { StackRecord } from '../run/environment-record.js';
import { countChanges, initStack } from '../run/stage.js';
import { NO_CHANGES } from '../run/types.js';
import { Terraform, TerraformError, WorkspaceMissingError, type TerraformOptions } from '../terraform/index.js';
import { commitsBehind, mainBranchRef } from './behind.js';
import {
  checkoutCommitInWorktree,
  pointLocalBackendAtRepository,
  repositoryRoot,
  type CommitCheckout,
} from './checkout.js';
import { planStacks } from './stacks.js';
import type { DriftResult, EnvironmentDrift } from './types.js';

/** An environment to check and what its state records (undefined: no workspace). */
export interface DriftTarget {
  readonly environment: string;
  readonly stored: StoredRecord | undefined;
  /** Each stack's stored record, for an environment made of named stacks (`stored` is then its first's). */
  readonly stacks?: readonly StackRecord[];
  /** Why the stacks' records disagree (a partial apply): the environment is then not checked. */
  readonly partial?: string;
}

/** Everything {@link checkDrift} needs from the pipeline. */
export interface DriftContext {
  /** The project directory of the user's checkout (left untouched). */
  readonly projectDir: string;
  readonly mainBranch: string;
  readonly targets: readonly DriftTarget[];
  /** Runner options for a stack directory (binary, lock timeout, plugin cache, env). */
  readonly terraform: (workingDir: string) => TerraformOptions;
  /** The checked terraform version (cdktf's version validations during synth). */
  readonly terraformVersion?: string;
  /** Most environments planned at once. */
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  /** Called when an environment's check is done. */
  readonly onEnvironment?: (result: EnvironmentDrift) => void;
}

/**
 * Drift detection: every environment with a deployment record is planned, with refresh, from its
 * recorded commit (checked out in a temporary worktree, synthesized there) against its live state;
 * a plan with changes is drift. The stored record is passed back unchanged so the record itself
 * never reads as drift. Nothing is applied; the worktree is removed also on failure or abort.
 */
export async function checkDrift(ctx: DriftContext): Promise<DriftResult> {
  const started = performance.now();
  const checkedAt = new Date().toISOString();
  const mainRef = await mainBranchRef(ctx.projectDir, ctx.mainBranch);
  const results = new Map<string, EnvironmentDrift>();
  const done = (r: EnvironmentDrift) => {
    results.set(r.environment, r);
    ctx.onEnvironment?.(r);
  };
  const byCommit = new Map<string, DriftTarget[]>();
  for (const t of ctx.targets) {
    const commit = t.partial === undefined ? t.stored?.record?.commit : undefined;
    if (t.partial !== undefined) done(unchecked(t.environment, `partial apply: ${t.partial}`));
    else if (commit === undefined) done(unchecked(t.environment, 'no deployment record'));
    else byCommit.set(commit, [...(byCommit.get(commit) ?? []), t]);
  }
  // One worktree and one synth per recorded commit: environments often share one.
  for (const [commit, targets] of byCommit) {
    const behindMain =
      mainRef === undefined ? null : await commitsBehind(ctx.projectDir, commit, mainRef).catch(() => null);
    const t0 = performance.now();
    const fail = (t: DriftTarget, error: unknown) =>
      done({
        ...base(t.environment, commit, behindMain),
        error: { message: messageOf(error) },
        durationMs: performance.now() - t0,
      });
    let checkout: CommitCheckout;
    let interrupted: unknown;
    try {
      checkout = await checkoutCommitInWorktree(ctx.projectDir, commit);
    } catch (error) {
      for (const t of targets)
        fail(t, new Error(`cannot check out the recorded commit ${commit.slice(0, 12)}: ${messageOf(error)}`));
      continue;
    }
    try {
      const repoRoot = await repositoryRoot(ctx.projectDir);
      const loaded = await loadProject(checkout.projectDir);
      const synth = synthesize(loaded, ctx.terraformVersion ? { terraformVersion: ctx.terraformVersion } : {});
      const { stackDirs } = synth;
      await mapBounded(targets, ctx.concurrency, async (t) => {
        const e0 = performance.now();
        try {
          if (t.stacks !== undefined) {
            // An environment made of stacks: each planned with its own record (stacks.ts).
            const stacks = synth.stacks[t.environment];
            if (stacks === undefined) throw new Error(`commit ${commit.slice(0, 12)} has no stack '${t.environment}'`);
            for (const s of stacks) pointLocalBackendAtRepository(s.dir, checkout.root, repoRoot);
            const planned = await planStacks(stacks, t.stacks, {
              plan: (dir, stored) => planEnvironment(ctx, dir, { environment: t.environment, stored }),
              messageOf,
              ...(ctx.signal ? { signal: ctx.signal } : {}),
            });
            done({ ...base(t.environment, commit, behindMain), ...planned, durationMs: performance.now() - e0 });
            return;
          }
          const stackDir = stackDirs[t.environment];
          if (stackDir === undefined) throw new Error(`commit ${commit.slice(0, 12)} has no stack '${t.environment}'`);
          pointLocalBackendAtRepository(stackDir, checkout.root, repoRoot);
          const planned = await planEnvironment(ctx, stackDir, t);
          done({ ...base(t.environment, commit, behindMain), ...planned, durationMs: performance.now() - e0 });
        } catch (error) {
          // Even when interrupted: every plan ends before the worktree under it is removed.
          if (ctx.signal?.aborted) interrupted ??= error;
          fail(t, error);
        }
      });
      if (interrupted !== undefined) throw interrupted;
    } catch (error) {
      if (ctx.signal?.aborted) throw error;
      for (const t of targets.filter((t) => !results.has(t.environment))) fail(t, error);
    } finally {
      await checkout.remove();
    }
  }
  const environments = ctx.targets.map((t) => results.get(t.environment)!);
  const status = environments.some((e) => e.error)
    ? 'failed'
    : environments.some((e) => e.drift)
      ? 'drift'
      : 'no-drift';
  return { status, checkedAt, environments, durationMs: performance.now() - started };
}

/** init, select (never create), plan with refresh; drift is any change but the record's. */
async function planEnvironment(
  ctx: DriftContext,
  stackDir: string,
  t: DriftTarget,
): Promise<Pick<EnvironmentDrift, 'drift' | 'changes' | 'resourceChanges'>> {
  const tf = new Terraform(ctx.terraform(stackDir));
  const signal = ctx.signal ? { signal: ctx.signal } : {};
  const planFile = path.join(stackDir, `cdktf-gitops-drift.${process.pid}-${randomUUID().slice(0, 8)}.tfplan`);
  try {
    await initStack(tf, stackDir, undefined, signal);
    await tf.workspaceSelect(t.environment, signal);
    const lock = readOnlyPlanLocks(stackDir) ? {} : { lock: false };
    const plan = await tf.plan({
      out: planFile,
      vars: { [DEPLOYMENT_RECORD_NAME]: t.stored?.raw ?? '' },
      ...lock,
      ...signal,
    });
    const resourceChanges = plan.resourceChanges.filter((c) => !isDeploymentRecordAddress(c.address));
    const outputs = plan.outputChanges.filter((o) => o.name !== DEPLOYMENT_RECORD_NAME);
    return { drift: resourceChanges.length > 0 || outputs.length > 0, changes: countChanges(plan), resourceChanges };
  } finally {
    // The saved plan holds sensitive values in clear.
    rmSync(planFile, { force: true });
  }
}

function base(environment: string, commit: string | null, behindMain: number | null): EnvironmentDrift {
  return { environment, commit, behindMain, drift: null, changes: NO_CHANGES, resourceChanges: [], durationMs: 0 };
}

function unchecked(environment: string, reason: string): EnvironmentDrift {
  return { ...base(environment, null, null), reason };
}

function messageOf(error: unknown): string {
  if (error instanceof WorkspaceMissingError) return `${error.message}: the recorded environment's workspace is gone`;
  if (error instanceof TerraformError) {
    const first = error.diagnostics.find((d) => d.severity === 'error');
    if (first) return `${first.summary}${first.detail ? `: ${first.detail}` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
