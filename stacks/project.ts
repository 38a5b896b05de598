import { App } from 'cdktf';
import { pathToFileURL } from 'node:url';
import { validateEnvironmentNames } from './environments/names.js';

/** How the pipeline (or `cdktf synth`) asks a project for its app. */
export interface CreateAppOptions {
  /** Output directory; default `cdktf.out` in the current directory. */
  readonly outdir?: string;
  /** Skip cdktf's construct validations (the pipeline checks the terraform version once itself). */
  readonly skipValidation?: boolean;
  /**
   * Where the output will finally live when `outdir` is a staging directory (the pipeline
   * synthesizes beside `cdktf.out`, then renames files in): backends resolve paths from here.
   */
  readonly finalOutdir?: string;
}

/** App context key carrying {@link CreateAppOptions.finalOutdir}. */
export const FINAL_OUTDIR_CONTEXT = 'cdktf-gitops:finalOutdir';

/** What a project's `main.ts` exports as `project`: the pipeline's whole view of it. */
export interface GitopsProject {
  /** Environment names in promotion order; the first is the internal one. */
  readonly environments: readonly string[];
  /** The branch whose pushes apply the internal environment. Default `main`. */
  readonly mainBranch: string;
  /** Builds the app with one `EnvironmentStack` per environment, without synthesizing it. */
  createApp(options?: CreateAppOptions): App;
  /** A feature-branch run plans every environment (a preview), not only the first. Default false. */
  readonly previewAllEnvironments?: boolean;
}

/** Input of {@link defineProject}. */
export interface GitopsProjectDefinition {
  readonly environments: readonly string[];
  readonly mainBranch?: string;
  /** A feature-branch run plans every environment (a preview), not only the first. Default false. */
  readonly previewAllEnvironments?: boolean;
  /** Adds one stack per environment (named after it) to `app`. */
  readonly stacks: (app: App) => void;
}

/**
 * Defines a project; `main.ts` exports the result as `project`. Throws an `EnvironmentConfigError`
 * when the environment names are invalid (see `validateEnvironmentNames`).
 */
export function defineProject(definition: GitopsProjectDefinition): GitopsProject {
  validateEnvironmentNames(definition.environments);
  const environments = [...definition.environments];
  return {
    environments,
    mainBranch: definition.mainBranch ?? 'main',
    ...(definition.previewAllEnvironments !== undefined
      ? { previewAllEnvironments: definition.previewAllEnvironments }
      : {}),
    createApp(options: CreateAppOptions = {}): App {
      const app = new App({
        ...(options.outdir ? { outdir: options.outdir } : {}),
        ...(options.skipValidation ? { skipValidation: true } : {}),
        ...(options.finalOutdir ? { context: { [FINAL_OUTDIR_CONTEXT]: options.finalOutdir } } : {}),
      });
      definition.stacks(app);
      return app;
    },
  };
}

/** True when the module at `importMetaUrl` is the process' entry point (so `main.ts` synths only when run). */
export function isEntrypoint(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === importMetaUrl;
}
