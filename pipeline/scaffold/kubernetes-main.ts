// main.ts of the kubernetes template: per environment a cluster with a platform and a services stack.
import type { CiSettings } from '../ci-files/settings.js';
import { projectComment } from './project-comment.js';

/** One environment's entry in `defineEnvironments`: the second overrides the base, later ones the previous. */
function environmentEntry(name: string, index: number, names: readonly string[]): string {
  if (index === 0) return `    { name: '${name}' },`;
  const n = index + 1;
  const lines = [
    '    {',
    `      name: '${name}',`,
    ...(index >= 2 ? [`      inherits: '${names[index - 1]}',`] : []),
    '      overrides: {',
    `        provider: { configContext: '${name}' },`,
    ...(index === 1 ? ["        labels: { 'example.com/tier': 'external' },"] : []),
    ...(index >= 2
      ? [`        teams: { web: { quota: { cpu: '${2 * n}', memory: '${4 * n}Gi', pods: ${20 * n} } } },`]
      : []),
    `        services: { web: { replicas: ${n}, ingress: { hostname: 'web.${name}.example.com' } } },`,
    '      },',
    '    },',
  ];
  return lines.join('\n');
}

/** The kubernetes template's main.ts for these environments and main branch. Pure. */
export function kubernetesMainTs(settings: CiSettings): string {
  const names = settings.environments;
  return `${projectComment(settings)}
// Each environment is a Kubernetes cluster (the kubeconfig context of its name) with two stacks:
// <env>-platform (team namespaces, quotas, access) and <env>-services (the workloads).
import { type BackendConfig, defineEnvironments, defineProject, isEntrypoint } from 'cdktf-gitops';
import { type KubernetesEnvironmentConfig, kubernetesStacks, validateKubernetesConfig } from 'cdktf-gitops/kubernetes';
// Resources of your own: import provider classes by their deep path (the package's index loads every class):
// import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1/index.js';

/**
 * Where every environment's state lives, one workspace each. The local backend keeps it in
 * .terraform-state/: use a shared one (pg, s3, gcs, azurerm) before CI applies anything.
 */
const backend: BackendConfig = { type: 'local' };

/** The first environment's configuration, which every other one inherits. */
const base: KubernetesEnvironmentConfig = {
  provider: { configPath: '~/.kube/config', configContext: '${names[0]}' },
  labels: { 'example.com/tier': 'internal' },
  teams: {
    web: {
      group: 'web-developers',
      quota: { cpu: '2', memory: '4Gi', pods: 20 },
      containerDefaults: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    },
  },
  services: {
    web: {
      team: 'web',
      image: 'nginxinc/nginx-unprivileged:1.27',
      replicas: 1,
      port: 8080,
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      ingress: { hostname: 'web.${names[0]}.example.com', className: 'nginx' },
    },
  },
};

/** The environments in promotion order: the first is the base, every other one inherits and overrides. */
const environments = defineEnvironments<KubernetesEnvironmentConfig>({
  config: base,
  environments: [
${names.map((name, i) => environmentEntry(name, i, names)).join('\n')}
  ],
  validate: validateKubernetesConfig,
});

export const project = defineProject({
  environments: environments.names,
  mainBranch: '${settings.mainBranch}',
  stacks: kubernetesStacks(environments, { backend }),
});

// Synthesize only when run (cdktf.json's app command); importing stays free of side effects.
if (isEntrypoint(import.meta.url)) project.createApp().synth();
`;
}
