import * as path from 'node:path';
import { DataResource } from 'cdktf';
import { execa, type ResultPromise } from 'execa';
import type { BackendConfig } from '../../stacks/backend.js';
import { EnvironmentStack } from '../../stacks/environment-stack.js';
import { defineProject, type GitopsProject } from '../../stacks/project.js';
import { StackDir } from '../../pipeline/stackdir/stack-dir.js';
import type { StackRun } from '../../pipeline/execute/stack-run.js';

/** What each environment's stack holds besides the deployment record. */
export interface TestResourceOptions {
  /** Number of plain `terraform_data` resources (`r0` … `rN-1`); default 1. */
  readonly resources?: number;
  /** Gives `r0` a local-exec provisioner sleeping this long on create (a slow apply). */
  readonly slowSeconds?: number;
  /** Adds resource `failing` whose provisioner exits 1 (a failed apply). */
  readonly failing?: boolean;
  /** Put in every resource's input; change it between synths to get a plan with changes. */
  readonly revision?: string;
}

/** Input of {@link defineTestProject}. */
export interface TestProjectOptions extends TestResourceOptions {
  /** Default `['ops', 'apps']`. */
  readonly environments?: readonly string[];
  /** Default: the embedded local backend. */
  readonly backend?: BackendConfig;
  /** Default `main`. */
  readonly mainBranch?: string;
  /** Per-environment overrides of the resource options above. */
  readonly perEnvironment?: Readonly<Record<string, TestResourceOptions>>;
}

/** Input of {@link synthProject}. */
export interface SynthProjectOptions extends TestProjectOptions {
  /** Project directory; the app is synthesized to `<dir>/cdktf.out`. */
  readonly dir: string;
}

/** A synthesized test project. */
export interface SynthesizedProject {
  readonly project: GitopsProject;
  /** `<dir>/cdktf.out`. */
  readonly outdir: string;
  /** `<dir>/cdktf.out/stacks/<env>`, where terraform runs for that environment. */
  stackDir(environment: string): string;
}

/** A provider-free project of `EnvironmentStack`s holding only built-in `terraform_data` resources. */
export function defineTestProject(options: TestProjectOptions = {}): GitopsProject {
  const environments = options.environments ?? ['ops', 'apps'];
  return defineProject({
    environments,
    ...(options.mainBranch ? { mainBranch: options.mainBranch } : {}),
    stacks: (app) => {
      for (const env of environments) {
        const stack = new EnvironmentStack(app, env, options.backend ? { backend: options.backend } : {});
        addTestResources(stack, env, { ...options, ...options.perEnvironment?.[env] });
      }
    },
  });
}

function addTestResources(stack: EnvironmentStack, env: string, opts: TestResourceOptions): void {
  const input = (index: number) => ({ environment: env, index, revision: opts.revision ?? '1' });
  for (let i = 0; i < (opts.resources ?? 1); i++) {
    const slow = i === 0 && opts.slowSeconds !== undefined;
    new DataResource(stack, `r${i}`, {
      input: input(i),
      ...(slow ? { provisioners: [{ type: 'local-exec' as const, command: `sleep ${opts.slowSeconds}` }] } : {}),
    });
  }
  if (opts.failing) {
    new DataResource(stack, 'failing', {
      input: input(-1),
      provisioners: [{ type: 'local-exec', command: 'echo failing on purpose >&2; exit 1' }],
    });
  }
}

/** Synthesizes a {@link defineTestProject} project into `<dir>/cdktf.out` without the CLI. */
export async function synthProject(options: SynthProjectOptions): Promise<SynthesizedProject> {
  const project = defineTestProject(options);
  const outdir = path.join(path.resolve(options.dir), 'cdktf.out');
  project.createApp({ outdir, skipValidation: true }).synth();
  return { project, outdir, stackDir: (env) => path.join(outdir, 'stacks', env) };
}

/** Options of {@link runTerraform}. */
export interface RunTerraformOptions {
  /** Added to the environment (after the `TF_*` clean-up), e.g. `PG_CONN_STR`. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Options {@link runTerraform} passes to execa (so results type `stdout` and `stderr` as strings). */
type TerraformExecaOptions = { cwd: string; env: NodeJS.ProcessEnv; extendEnv: false; reject: false; stdin: 'ignore' };

/** A running terraform: await it for the result, or read `stdout` while it runs. */
export type TerraformProcess = ResultPromise<TerraformExecaOptions>;

/**
 * Runs the real terraform in `cwd` with automation settings; never throws on a non-zero exit
 * (check `exitCode`: plan's 2 means changes).
 */
export function runTerraform(
  cwd: string,
  args: readonly string[],
  options: RunTerraformOptions = {},
): TerraformProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', ...options.env };
  // The tests select workspaces themselves, and debug logs would pollute -json output.
  delete env.TF_WORKSPACE;
  delete env.TF_LOG;
  const execaOptions: TerraformExecaOptions = { cwd, env, extendEnv: false, reject: false, stdin: 'ignore' };
  return execa('terraform', [...args], execaOptions);
}

/** A synthesized stack directory as the pipeline reads it (its `cdk.tf.json` read once, now). */
export function stackAt(dir: string, name = 'ops', named = false): StackDir {
  return StackDir.read({ name, named, id: name, dir, dependsOn: [] }, named);
}

/** A stack's run as a stage of `environment` builds it: apply mode, no checks, no init reuse; `over` on top. */
export function stackRunAt(dir: string, environment = 'ops', over: Partial<StackRun> = {}): StackRun {
  const stack = stackAt(dir, environment);
  const terraform = { lockTimeout: '5s' };
  return {
    environment,
    stack,
    mode: 'apply',
    commit: 'a'.repeat(40),
    ref: 'refs/heads/main',
    trigger: 'main',
    lock: true,
    record: { key: undefined, gateOverridden: false, ci: { provider: 'local' } },
    checks: {
      cwd: dir,
      env: process.env,
      environments: [environment],
      protected: false,
      approvals: { allowDestroy: false, requireReviewedPlan: false, acceptLostState: false },
      review: undefined,
      policies: [],
      history: async () => [],
    },
    terraform,
    terraformVersion: '1.11.4',
    reuse: undefined,
    metadata: { stack, environment, terraform, terraformVersion: '1.11.4' },
    ...over,
  };
}
