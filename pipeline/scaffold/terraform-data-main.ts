// main.ts of the terraform-data template: terraform's built-in resources only, so it runs offline.
import type { CiSettings } from '../ci-files/settings.js';
import { projectComment } from './project-comment.js';

/** One environment's entry in `defineEnvironments`: the second overrides the base, later ones the previous. */
function environmentEntry(name: string, index: number, names: readonly string[]): string {
  if (index === 0) return `    { name: '${name}' },`;
  const overrides = [
    ...(index === 1 ? ["tier: 'external'"] : []),
    `replicas: ${index + 1}`,
    `hostname: '${name}.example.com'`,
  ].join(', ');
  const inherits = index >= 2 ? ` inherits: '${names[index - 1]}',` : '';
  return `    { name: '${name}',${inherits} overrides: { ${overrides} } },`;
}

/** The terraform-data template's main.ts for these environments and main branch. Pure. */
export function terraformDataMainTs(settings: CiSettings): string {
  const names = settings.environments;
  return `${projectComment(settings)}
// terraform_data resources and the local backend need no provider and no server: replace them with
// your resources, and the backend with a shared one (pg, s3, gcs, azurerm) before CI applies anything.
import { DataResource } from 'cdktf';
import { type BackendConfig, defineEnvironments, defineProject, EnvironmentStack, isEntrypoint } from 'cdktf-gitops';

/** What differs between environments. */
interface AppConfig {
  /** Internal environments serve the team, external ones the customers. */
  readonly tier: 'internal' | 'external';
  /** How many instances the application runs. */
  readonly replicas: number;
  /** Where it answers. */
  readonly hostname: string;
}

/** Where every environment's state lives, one workspace each; the local backend keeps it in .terraform-state/. */
const backend: BackendConfig = { type: 'local' };

/** The environments in promotion order: the first is the base, every other one inherits and overrides. */
const environments = defineEnvironments<AppConfig>({
  config: { tier: 'internal', replicas: 1, hostname: '${names[0]}.example.internal' },
  environments: [
${names.map((name, i) => environmentEntry(name, i, names)).join('\n')}
  ],
});

export const project = defineProject({
  environments: environments.names,
  mainBranch: '${settings.mainBranch}',
  stacks: (app) => {
    for (const { name, config } of environments.list) {
      const stack = new EnvironmentStack(app, name, { backend });
      new DataResource(stack, 'web', { input: { environment: name, tier: config.tier, replicas: config.replicas } });
      new DataResource(stack, 'dns', { input: { hostname: config.hostname } });
    }
  },
});

// Synthesize only when run (cdktf.json's app command); importing stays free of side effects.
if (isEntrypoint(import.meta.url)) project.createApp().synth();
`;
}
