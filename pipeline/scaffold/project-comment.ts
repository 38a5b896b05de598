import type { CiSettings } from '../ci-files/settings.js';

/** The first lines of a new main.ts: what the Git refs do for these environments. */
export function projectComment(settings: CiSettings): string {
  const [first, second] = settings.environments;
  return [
    `// A cdktf-gitops project: the Git ref decides what runs. A branch plans ${first}; ${settings.mainBranch} applies`,
    `// it; a tag <env>-deploy-<suffix> (${second}-deploy-1) applies that environment once the one before it`,
    '// runs the tagged commit. After adding an environment, run `npx cdktf-gitops ci` to update the CI files.',
  ].join('\n');
}
