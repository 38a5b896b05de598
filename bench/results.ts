import type { Machine } from './machine.js';
import type { SynthSample } from './extras.js';
import type { StacksResults } from './stacks.js';
import type { StartupResults } from './startup.js';

/** Every sample of one project size. */
export interface SizeResults {
  readonly resources: number;
  readonly aClean: number[];
  readonly aNoop: number[];
  /** (a) with nothing to change and `CDKTF_GITOPS_INIT=always` (the init reuse off). */
  readonly aNoopInitAlways: number[];
  readonly bClean: number[];
  readonly bNoop: number[];
  /** The synth command's part of (b). */
  readonly bSynth: number[];
  readonly cClean: number[];
  readonly cNoop: number[];
  /** Peak RSS of every (a) run, in KiB. */
  readonly rssKb: number[];
  /** The limit (bench/limit.sh) after each nothing-to-change (a); absent in results from before issue 10. */
  readonly limitNoop?: number[];
  /** (a) on a commit that changes no stack, after apps applied the one before (change detection); absent before issue 27. */
  readonly aUnchanged?: number[];
}

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  readonly date: string;
  readonly command: string;
  readonly machine: Machine;
  readonly sizes: SizeResults[];
  /** The root project's default Kubernetes stacks (3 environments × platform + services), fresh process each. */
  readonly kubernetesSynth: SynthSample[];
  /** The scaled project of `validation.resources` synthesized three ways. */
  readonly validation?: {
    resources: number;
    pipeline: SynthSample[];
    /** The pipeline's synth with creation stacks formatted at once (optional: older results lack it). */
    eagerStacks?: SynthSample[];
    skip: SynthSample[];
    cdktf: SynthSample[];
  };
  readonly providerImports: { deep: { ms: number; rssMb: number }[]; barrel: { ms: number; rssMb: number }[] };
  /** Two stacks' init from a local provider mirror; undefined without a mirror. */
  readonly pluginCache?: { provider: string; without: number[]; with: number[] };
  /** `--help`, `explain` and the app command, whole processes (issue 10); absent in older results. */
  readonly startup?: StartupResults;
  /** 3 environments × 3 stacks next to 3 × 1 (issue 15); absent in older results. */
  readonly stacks?: StacksResults;
  readonly totalMs: number;
}

/** Empty sample lists for a size. */
export function emptySize(resources: number): SizeResults {
  return {
    resources,
    aClean: [],
    aNoop: [],
    aNoopInitAlways: [],
    bClean: [],
    bNoop: [],
    bSynth: [],
    cClean: [],
    cNoop: [],
    rssKb: [],
    limitNoop: [],
    aUnchanged: [],
  };
}
