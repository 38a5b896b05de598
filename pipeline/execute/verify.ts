import { DEPLOYMENT_RECORD_NAME } from '../../stacks/deployment-record-format.js';
import type { VerifyHook } from '../../stacks/promotion-settings.js';
import { runHook, verifyHookEnv } from '../hooks/run-hook.js';
import type { Verification } from '../model.js';
import type { Session, TerraformSetup } from '../session.js';
import { initDir } from '../stackdir/init.js';
import { readLocalStateFile } from '../stackdir/local-state.js';
import type { StackDir } from '../stackdir/stack-dir.js';
import { possessive } from '../words.js';

/** The project's verification hooks of `environment` (a hook without `environments` verifies every one). */
export function hooksOf(session: Session, environment: string): VerifyHook[] {
  return (session.definition.verify ?? []).filter((h) => !h.environments || h.environments.includes(environment));
}

/**
 * Runs the verification hooks of `environment` against what it runs now (after its apply of
 * `commit`): each gets the environment's non-sensitive outputs as JSON on stdin (for an environment
 * of named stacks, keyed by stack), `CDKTF_GITOPS_ENVIRONMENT`, `_COMMIT` and `_REF`, and an allow
 * list of the pipeline's environment; all run, so one run shows every failure. Undefined when the
 * environment has no hook.
 */
export async function verifyEnvironment(
  session: Session,
  setup: TerraformSetup,
  target: { readonly environment: string; readonly commit: string; readonly ref: string },
  signal?: AbortSignal,
): Promise<Verification | undefined> {
  const hooks = hooksOf(session, target.environment);
  if (hooks.length === 0) return undefined;
  const stacks = session.synth().stacks[target.environment]!;
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const stack of stacks)
    outputs[stack.name] = await visibleOutputs(session, setup, target.environment, stack, signal);
  const named = stacks.some((s) => s.named);
  const input = JSON.stringify(named ? outputs : outputs[stacks[0]!.name]);
  const time = new Date().toISOString();
  const checks: Verification['checks'][number][] = [];
  for (const hook of hooks) {
    if (signal?.aborted) break;
    const r = await runHook(hook, {
      cwd: session.settings.projectDir,
      env: session.settings.env,
      input,
      extraEnv: verifyHookEnv(target),
      label: `verification '${hook.name}'`,
      signal,
    });
    checks.push({
      name: hook.name,
      status: r.status,
      ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
      output: r.message && r.output === '' ? r.message : r.output,
    });
  }
  const passed = checks.length === hooks.length && checks.every((c) => c.status === 'passed');
  return { status: passed ? 'passed' : 'failed', time, checks };
}

/** One line for a failed verification: which hooks failed, for the run's message. */
export function describeVerification(environment: string, commit: string, v: Verification): string {
  const failed = v.checks.filter((c) => c.status === 'failed').map((c) => `'${c.name}'`);
  return `${possessive(environment)} apply of ${commit.slice(0, 12)} failed verification ${failed.join(', ') || '(interrupted)'}`;
}

/** A stack's root outputs without the sensitive ones and the deployment record. */
async function visibleOutputs(
  session: Session,
  setup: TerraformSetup,
  environment: string,
  stack: StackDir,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const state = readLocalStateFile(stack, environment);
  let outputs: Record<string, { value?: unknown; sensitive?: unknown }>;
  if (state !== undefined) {
    outputs = (state?.outputs ?? {}) as typeof outputs;
  } else {
    const tf = session.runner(stack.dir);
    const opts = signal ? { signal } : {};
    await initDir(tf, setup.reuse, opts, stack.config);
    await tf.workspaceSelect(environment, opts);
    outputs = await tf.output(opts);
  }
  return Object.fromEntries(
    Object.entries(outputs)
      .filter(([name, o]) => name !== DEPLOYMENT_RECORD_NAME && o.sensitive !== true)
      .map(([name, o]) => [name, o.value]),
  );
}
