import { DEFAULT_BACKEND, type BackendConfig } from './backend.js';
import { defineEnvironments, type EnvironmentsDefinition } from './environments/define.js';
import { REMOVE } from './environments/override.js';
import type { KubernetesEnvironmentConfig } from './kubernetes-config.js';
import { validateKubernetesConfig } from './kubernetes-config-validation.js';

/** Where every environment's state lives: the embedded local backend (`.terraform-state/`). */
export const backend: BackendConfig = DEFAULT_BACKEND;

/** The base configuration: `ops`, the internal environment, small and without TLS. */
export const baseConfig: KubernetesEnvironmentConfig = {
  provider: { configPath: '~/.kube/config', configContext: 'ops' },
  labels: { 'cdktf-gitops/tier': 'internal' },
  teams: {
    platform: {
      group: 'platform-engineers',
      quota: { cpu: '4', memory: '8Gi', pods: 40 },
      containerDefaults: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '256Mi' } },
    },
    shop: {
      group: 'shop-developers',
      quota: { cpu: '2', memory: '4Gi', pods: 20 },
      containerDefaults: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    },
  },
  services: {
    web: {
      team: 'shop',
      image: 'nginxinc/nginx-unprivileged:1.27',
      replicas: 1,
      port: 8080,
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      ingress: { hostname: 'shop.ops.example.com', className: 'nginx' },
    },
    // A request-echoing diagnostics service, useful everywhere but production.
    echo: {
      team: 'platform',
      image: 'ealen/echo-server:0.9.2',
      replicas: 1,
      port: 80,
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
    },
  },
};

/** The default layout: `ops` → `apps` → `apps-prod`, where `apps-prod` inherits `apps`. */
export const environmentsDefinition: EnvironmentsDefinition<KubernetesEnvironmentConfig> = {
  base: 'ops',
  config: baseConfig,
  environments: [
    { name: 'ops' },
    {
      name: 'apps',
      overrides: {
        provider: { configContext: 'apps' },
        labels: { 'cdktf-gitops/tier': 'external' },
        teams: { shop: { quota: { cpu: '8', memory: '16Gi', pods: 60 } } },
        services: {
          web: {
            replicas: 2,
            autoscaler: { minReplicas: 2, maxReplicas: 4, cpuUtilization: 75 },
            ingress: { hostname: 'shop.apps.example.com' },
          },
        },
      },
    },
    {
      name: 'apps-prod',
      inherits: 'apps',
      overrides: {
        provider: { configContext: 'apps-prod' },
        teams: { shop: { quota: { cpu: '32', memory: '64Gi', pods: 200 } } },
        services: {
          web: {
            replicas: 3,
            autoscaler: { minReplicas: 3, maxReplicas: 12 },
            ingress: { hostname: 'shop.example.com', tls: { secretName: 'shop-tls', clusterIssuer: 'letsencrypt' } },
          },
          echo: REMOVE,
        },
      },
    },
  ],
  validate: validateKubernetesConfig,
};

/** The resolved default environments (validated when this module loads). */
export const environments = defineEnvironments(environmentsDefinition);
