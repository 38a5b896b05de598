import * as path from 'node:path';
import type { OutputUnit, Settings } from './options.js';
import type { PipelineEvent } from './model.js';
import { cdkPatchesEnabled } from './project/cdk-patches.js';
import { loadProject, type LoadedProject } from './project/load.js';
import { synthesize, synthesizeIf, type SynthResult } from './project/synth.js';
import { hasNamedStacks, appHasNamedStacks } from './project/environment-stacks.js';
import type { ReuseInit } from './stackdir/init-cache.js';
import { StackDir } from './stackdir/stack-dir.js';
import {
  Terraform,
  TerraformAbortedError,
  type TerraformEvent,
  type TerraformOptions,
  type VersionAnswer,
} from './terraform/index.js';
import type { GitopsProject } from '../stacks/project.js';

/** The terraform every runner of a session starts, its version checked once. */
export interface TerraformSetup {
  /** The checked version of the binary. */
  readonly version: string;
  /** The binary's name and that version (`terraform 1.11.4`): part of every stack's change fingerprint. */
  readonly terraform: string;
  /** What an init's reuse depends on besides the stack; undefined: every init runs. */
  readonly reuse: ReuseInit | undefined;
}

/** The project's stacks as synthesized, each directory read once. */
export interface Synthesized {
  readonly result: SynthResult;
  /** Environment → its stacks, in the order the project added them. */
  readonly stacks: Readonly<Record<string, readonly StackDir[]>>;
}

/**
 * Everything a pipeline's operations share, resolved once when the pipeline opens (after Pulumi's
 * `LocalWorkspace`): the settings, the loaded project, the terraform binary with its version
 * (asked while the project loads, checked once like terraform-exec's `Version()`), and the
 * synthesis, done at most once.
 */
export class Session {
  private checked: Promise<TerraformSetup> | undefined;
  private synthesized: Synthesized | undefined;

  private constructor(
    readonly settings: Settings,
    readonly project: LoadedProject,
    /** `version -json` of the binary, asked while the project loaded; undefined when it could not be asked. */
    private readonly answer: Promise<VersionAnswer> | undefined,
    /** The version that answer named (not yet checked against the minimum): for cdktf's own checks. */
    private readonly asked: string | undefined,
  ) {}

  /** Loads the project (or takes `preloaded`), asking terraform's version meanwhile. */
  static async open(settings: Settings, preloaded?: GitopsProject): Promise<Session> {
    let answer: Promise<VersionAnswer> | undefined;
    // Asked once the entry is bundled: the version process then overlaps the import, not esbuild.
    const ask = () => {
      answer ??= new Terraform(runnerOptions(settings, settings.projectDir)).askVersion();
      answer.catch(() => undefined);
    };
    const project = await loadProject(settings.projectDir, { ...(preloaded ? { preloaded } : {}), beforeImport: ask });
    ask();
    const asked = (await answer!.catch(() => undefined))?.parsed.version;
    return new Session(settings, project, answer, asked);
  }

  /** The project's definition. */
  get definition(): GitopsProject {
    return this.project.project;
  }

  /** Environment names in promotion order. */
  get environments(): readonly string[] {
    return this.project.project.environments;
  }

  emit(event: PipelineEvent): void {
    this.settings.onEvent(event);
  }

  /** The terraform setup, its version checked against the minimum once (terraform or OpenTofu). */
  terraform(opts: { signal?: AbortSignal } = {}): Promise<TerraformSetup> {
    // An operation aborted before it starts rejects, as its first terraform command would.
    if (opts.signal?.aborted) {
      const init = { command: 'version', args: ['version', '-json'], cause: opts.signal.reason };
      return Promise.reject(new TerraformAbortedError(init, undefined));
    }
    this.checked ??= (async () => {
      const tf = new Terraform(runnerOptions(this.settings, this.settings.projectDir));
      const { version } = await tf.requireSupportedVersion(opts, this.answer);
      const reuse = this.settings.reuseInit
        ? { terraform: `${tf.binary} ${version}`, dataDir: this.settings.dataDir }
        : undefined;
      return { version, terraform: `${path.basename(tf.binary)} ${version}`, reuse };
    })();
    return this.checked;
  }

  /** A runner in `dir`; `unit` names the environment (and stack) its raw output belongs to. */
  runner(dir: string, unit?: OutputUnit, onEvent?: (event: TerraformEvent) => void): Terraform {
    return new Terraform({ ...runnerOptions(this.settings, dir, unit), ...(onEvent ? { onEvent } : {}) });
  }

  /** The options of a runner in `dir` (for code that builds runners of its own, the metadata store). */
  runnerOptions(dir: string, unit?: OutputUnit): TerraformOptions {
    return runnerOptions(this.settings, dir, unit);
  }

  /** Synthesizes every stack, once per session (the `synth` event then). */
  synth(): Synthesized {
    if (!this.synthesized) {
      const result = synthesize(this.project, this.synthOptions());
      this.synthesized = { result, stacks: readStacks(result) };
      this.emit({ type: 'synth', durationMs: result.durationMs });
    }
    return this.synthesized;
  }

  /**
   * Each environment's named stacks and their dependencies, for `explain`: a project of one unnamed
   * stack per environment is only built; named stacks need the synthesis (cross-stack references
   * register dependencies then), kept as this session's.
   */
  namedStacks(): Readonly<Record<string, readonly { name: string; dependsOn: readonly string[] }[]>> {
    if (!this.synthesized) {
      const result = synthesizeIf(this.project, appHasNamedStacks, this.synthOptions());
      if (!result) return {};
      this.synthesized = { result, stacks: readStacks(result) };
      this.emit({ type: 'synth', durationMs: result.durationMs });
    }
    const named = Object.entries(this.synthesized.result.stacks).filter(([, list]) => hasNamedStacks(list));
    return Object.fromEntries(
      named.map(([env, list]) => [env, list.map((s) => ({ name: s.name, dependsOn: s.dependsOn }))]),
    );
  }

  private synthOptions() {
    // The version asked at open (checked or not): cdktf's checks it satisfies run no process.
    return {
      ...(this.asked ? { terraformVersion: this.asked } : {}),
      // The CDK's own terraform version checks ask the binary the pipeline runs (tofu, say).
      terraformBinary: this.settings.binary,
      cdkPatches: cdkPatchesEnabled(this.settings.env),
    };
  }
}

function readStacks(result: SynthResult): Record<string, StackDir[]> {
  return Object.fromEntries(
    Object.entries(result.stacks).map(([env, list]) => [env, list.map((s) => StackDir.read(s, hasNamedStacks(list)))]),
  );
}

function runnerOptions(settings: Settings, dir: string, unit?: OutputUnit): TerraformOptions {
  const raw = settings.onOutput;
  return {
    workingDir: dir,
    binary: settings.binary,
    lockTimeout: settings.lockTimeout,
    env: settings.env,
    extendEnv: false,
    ...(settings.pluginCacheDir ? { pluginCacheDir: settings.pluginCacheDir } : {}),
    ...(raw ? { onOutput: (line, stream, command) => raw(line, stream, command, unit) } : {}),
  };
}
