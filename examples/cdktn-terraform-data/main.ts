// The provider-free example on CDK Terrain (cdktn), the continuation of CDKTF: the same project as
// examples/terraform-data with two imports changed ('cdktf' → 'cdktn', 'cdktf-gitops' →
// 'cdktf-gitops/cdktn'). Only terraform's built-in `terraform_data` resources and the local
// backend, so the whole GitOps workflow runs offline.
import { DataResource } from 'cdktn';
import { defineProject, EnvironmentStack, isEntrypoint } from 'cdktf-gitops/cdktn';

/** What differs between environments (a real project would configure clusters and services here). */
interface AppConfig {
  readonly replicas: number;
  readonly hostname: string;
}

const base: AppConfig = { replicas: 1, hostname: 'ops.example.internal' };

/** Environments in promotion order; each inherits the base and overrides what differs. */
const environments: Record<string, AppConfig> = {
  ops: base,
  apps: { ...base, replicas: 2, hostname: 'apps.example.com' },
  'apps-prod': { ...base, replicas: 3, hostname: 'example.com' },
};

export const project = defineProject({
  environments: Object.keys(environments),
  stacks: (app) => {
    for (const [name, config] of Object.entries(environments)) {
      const stack = new EnvironmentStack(app, name);
      new DataResource(stack, 'web', { input: { environment: name, replicas: config.replicas } });
      new DataResource(stack, 'dns', { input: { hostname: config.hostname } });
    }
  },
});

if (isEntrypoint(import.meta.url)) project.createApp().synth();
