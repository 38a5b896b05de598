import type { RecordTrigger } from '../../stacks/deployment-record-format.js';
import type { StagePlan } from '../decide/run-plan.js';
import type { ApplyCheckOptions } from '../options.js';
import { HISTORY_KEY, parseHistory, type HistoryEntry } from '../records/history.js';
import type { Session, TerraformSetup } from '../session.js';
import { readMetadata, type MetadataTarget } from '../stackdir/metadata.js';
import type { StackDir } from '../stackdir/stack-dir.js';
import { changeDetector } from './change-detection.js';
import { protectedEnvironments } from './checks/destroy-guard.js';
import type { StageRuns } from './sequence.js';
import type { StackRun } from './stack-run.js';

/** What an operation decided for one stage, before any stack runs. */
export interface StageSpec {
  readonly plan: StagePlan;
  readonly commit: string;
  readonly ref: string;
  readonly trigger: RecordTrigger | 'feature-branch' | 'preview';
  /** Whether plans take the state lock (a read-only plan skips it where reads are atomic). */
  readonly readOnly?: boolean;
  readonly approvals?: ApplyCheckOptions;
  /** The promotion gate refused and `--override-gate` let the run go on. */
  readonly gateOverridden?: boolean;
  /** The environment is frozen and `--ignore-freeze` let the apply go on. */
  readonly freezeIgnored?: boolean;
  /** Plan every stack: no change detection (`--full`). */
  readonly full?: boolean;
}

/**
 * Every decision of a stage's stacks, made once (after Atlantis' project context builder): what each
 * stack's run does, how it locks, what its checks are, and where its metadata lives. An environment
 * after the first records the plan a later deploy applies (main and deploy tags plan it); applying
 * one compares its plan with that record.
 */
export function buildStageRuns(session: Session, setup: TerraformSetup, spec: StageSpec): StageRuns {
  const { plan } = spec;
  const settings = session.settings;
  const project = session.definition;
  const stacks = session.synth().stacks[plan.environment]!;
  const later = session.environments.indexOf(plan.environment) > 0;
  const records = !plan.apply && later && (spec.trigger === 'main' || spec.trigger === 'deploy-tag');
  const review = plan.apply && later ? 'check' : records ? 'record' : undefined;
  const approvals = {
    allowDestroy: spec.approvals?.allowDestroy === true,
    requireReviewedPlan: spec.approvals?.requireReviewedPlan === true || project.requireReviewedPlan === true,
    acceptLostState: spec.approvals?.acceptLostState === true,
  };
  const history = once(() => readHistory(session, setup, plan.environment));
  const runs = stacks.map((stack): StackRun => {
    const metadata = metadataTarget(session, setup, plan.environment, stack);
    return {
      environment: plan.environment,
      stack,
      mode: plan.apply ? 'apply' : 'plan',
      commit: spec.commit,
      ref: spec.ref,
      trigger: spec.trigger,
      lock: spec.readOnly === true ? stack.readOnlyPlanLocks : true,
      record: { key: settings.recordKey, gateOverridden: spec.gateOverridden === true, ci: settings.ci },
      checks: {
        cwd: settings.projectDir,
        env: settings.env,
        environments: session.environments,
        protected: protectedEnvironments(session.environments, project.protectedEnvironments).includes(
          plan.environment,
        ),
        approvals,
        review,
        policies: project.policies ?? [],
        history,
      },
      terraform: terraformOptions(session, plan.environment, stack),
      terraformVersion: setup.version,
      reuse: setup.reuse,
      metadata,
      ...(spec.full ? {} : { detect: changeDetector(session, setup, stack, history, metadata) }),
    };
  });
  return { plan, runs };
}

/** Where an environment's metadata lives: environment-wide keys (history, drift checks) in its first stack's backend. */
export function metadataTarget(
  session: Session,
  setup: TerraformSetup,
  environment: string,
  stack: StackDir = session.synth().stacks[environment]![0]!,
): MetadataTarget {
  const { workingDir: _dir, ...terraform } = session.runnerOptions(stack.dir);
  return {
    stack,
    environment,
    terraform,
    terraformVersion: setup.version,
    ...(setup.reuse ? { reuseInit: setup.reuse } : {}),
  };
}

/** An environment's apply history, oldest first. */
export async function readHistory(
  session: Session,
  setup: TerraformSetup,
  environment: string,
  signal?: AbortSignal,
): Promise<HistoryEntry[]> {
  const target = metadataTarget(session, setup, environment);
  return parseHistory(await readMetadata(target, HISTORY_KEY, signal ? { signal } : {}));
}

/** A stack runner's options: its raw output names the environment (and the stack, for named stacks). */
function terraformOptions(session: Session, environment: string, stack: StackDir) {
  const unit = { environment, ...(stack.named ? { stack: stack.name } : {}) };
  const { workingDir: _dir, ...options } = session.runnerOptions(stack.dir, unit);
  return options;
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= fn());
}
