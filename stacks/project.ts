import type { App } from 'cdktf';
import { pathToFileURL } from 'node:url';
import { cdktfLibrary, type AppClass, type SynthesizableApp } from './cdk-library.js';
import { validateEnvironmentNames } from './environments/names.js';
import type { NotifyTarget } from './notify-settings.js';
import { rejectUnknownKeys, type KeyList } from './options/unknown-keys.js';
import { promotionSettings, type VerifyHook } from './promotion-settings.js';
import { validatePolicies, validateProtectedEnvironments, type PolicyConfig } from './review-settings.js';

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

/**
 * What a project's `main.ts` exports as `project`: the pipeline's whole view of it. `A` is the
 * flavour's `App` (cdktf's from `cdktf-gitops`, cdktn's from `cdktf-gitops/cdktn`).
 */
export interface GitopsProject<A extends SynthesizableApp = SynthesizableApp> {
  /** Environment names in promotion order; the first is the internal one. */
  readonly environments: readonly string[];
  /** The branch whose pushes apply the internal environment. Default `main`. */
  readonly mainBranch: string;
  /** Builds the app with one `EnvironmentStack` per environment, without synthesizing it. */
  createApp(options?: CreateAppOptions): A;
  /** A feature-branch run plans every environment (a preview), not only the first. Default false. */
  readonly previewAllEnvironments?: boolean;
  /** Environments whose deletes and replacements need approval; absent: all but the first. */
  readonly protectedEnvironments?: readonly string[];
  /** Refuse a deploy whose plan is not the one reviewed (as `--require-reviewed-plan`). */
  readonly requireReviewedPlan?: boolean;
  /** Commands that read the plan as JSON before every apply; a non-zero exit refuses it. */
  readonly policies?: readonly PolicyConfig[];
  /** Checks run after an environment's apply; a failed one keeps the commit from the next environment. */
  readonly verify?: readonly VerifyHook[];
  /** Environment → how long its verified apply must be live (`'1h'`) before the next environment's deploy tag. */
  readonly soakTime?: Readonly<Record<string, string>>;
  /** Webhooks told of finished runs, promotions ready, drift and freezes. */
  readonly notify?: readonly NotifyTarget[];
}

/** Input of {@link defineProject}; `A` is the flavour's `App` (default cdktf's). */
export interface GitopsProjectDefinition<A extends SynthesizableApp = App> {
  readonly environments: readonly string[];
  readonly mainBranch?: string;
  /** A feature-branch run plans every environment (a preview), not only the first. Default false. */
  readonly previewAllEnvironments?: boolean;
  /** Adds one stack per environment (named after it) to `app`. */
  readonly stacks: (app: A) => void;
  /** Environments whose deletes and replacements need approval (docs/review.md); default: all but the first. */
  readonly protectedEnvironments?: readonly string[];
  /** Refuse a deploy whose plan is not the one reviewed; default false (a mismatch is only reported). */
  readonly requireReviewedPlan?: boolean;
  /** Policy commands run on the plan before every apply (docs/review.md). */
  readonly policies?: readonly PolicyConfig[];
  /** Checks run after an environment's apply (all its stacks); a failed one keeps the commit from the next. */
  readonly verify?: readonly VerifyHook[];
  /** Environment → how long its verified apply soaks (`'1h'`, `'30m'`, `'1h30m'`, `'2d'`) before the next deploys. */
  readonly soakTime?: Readonly<Record<string, string>>;
  /** Webhooks POSTed JSON on run-finished, ready-to-promote, drift, frozen and unfrozen. */
  readonly notify?: readonly NotifyTarget[];
}

/** The keys {@link defineProject} accepts; any other is an error (an option is added here and in the type above). */
export const PROJECT_DEFINITION_KEYS: KeyList<GitopsProjectDefinition<never>> = {
  environments: true,
  mainBranch: true,
  previewAllEnvironments: true,
  stacks: true,
  protectedEnvironments: true,
  requireReviewedPlan: true,
  policies: true,
  verify: true,
  soakTime: true,
  notify: true,
};

/**
 * Defines a project; `main.ts` exports the result as `project`. Throws an `UnknownOptionError` for
 * a key it does not know (a misspelled option), an `EnvironmentConfigError` when the environment
 * names are invalid (see `validateEnvironmentNames`).
 */
export function defineProject(definition: GitopsProjectDefinition): GitopsProject<App>;
/** The same for another flavour: `appClass` is its `App` (`cdktf-gitops/cdktn` passes cdktn's). */
export function defineProject<A extends SynthesizableApp>(
  definition: GitopsProjectDefinition<A>,
  appClass: AppClass<A>,
): GitopsProject<A>;
export function defineProject(definition: GitopsProjectDefinition<never>, appClass?: AppClass): GitopsProject {
  rejectUnknownKeys(definition, PROJECT_DEFINITION_KEYS, 'defineProject');
  validateEnvironmentNames(definition.environments);
  const environments = [...definition.environments];
  const { protectedEnvironments, requireReviewedPlan, policies } = definition;
  if (protectedEnvironments !== undefined) validateProtectedEnvironments(environments, protectedEnvironments);
  if (policies !== undefined) validatePolicies(policies);
  const promotion = promotionSettings(environments, definition);
  return {
    environments,
    mainBranch: definition.mainBranch ?? 'main',
    ...(definition.previewAllEnvironments !== undefined
      ? { previewAllEnvironments: definition.previewAllEnvironments }
      : {}),
    ...(protectedEnvironments !== undefined ? { protectedEnvironments: [...protectedEnvironments] } : {}),
    ...(requireReviewedPlan !== undefined ? { requireReviewedPlan: requireReviewedPlan === true } : {}),
    ...(policies !== undefined ? { policies: policies.map((p) => ({ ...p })) } : {}),
    ...promotion,
    createApp(options: CreateAppOptions = {}): SynthesizableApp {
      // cdktf is loaded only here, on first use: a cdktn project never loads it.
      const App = appClass ?? cdktfLibrary().App;
      const app = new App({
        ...(options.outdir ? { outdir: options.outdir } : {}),
        ...(options.skipValidation ? { skipValidation: true } : {}),
        ...(options.finalOutdir ? { context: { [FINAL_OUTDIR_CONTEXT]: options.finalOutdir } } : {}),
      });
      // The overloads pair the definition's App type with the class that builds it.
      definition.stacks(app as never);
      return app;
    },
  };
}

/** True when the module at `importMetaUrl` is the process' entry point (so `main.ts` synths only when run). */
export function isEntrypoint(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === importMetaUrl;
}
