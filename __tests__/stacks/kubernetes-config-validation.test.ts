import { baseConfig, environmentsDefinition } from '../../stacks/config.js';
import { defineEnvironments, EnvironmentConfigError, type Override } from '../../stacks/environments/index.js';
import type { KubernetesEnvironmentConfig } from '../../stacks/kubernetes-config.js';
import { validateKubernetesConfig } from '../../stacks/kubernetes-config-validation.js';
import { deepMerge } from '../../stacks/environments/deep-merge.js';

const broken = (override: Override<KubernetesEnvironmentConfig>) =>
  validateKubernetesConfig(deepMerge(baseConfig, override));

describe('validateKubernetesConfig', () => {
  it('accepts the default configuration of every environment', () => {
    expect(validateKubernetesConfig(baseConfig)).toEqual([]);
  });

  it.each<[string, Override<KubernetesEnvironmentConfig>, string]>([
    [
      'an empty kubeconfig context',
      { provider: { configContext: '' } },
      'provider.configContext must be a non-empty string',
    ],
    [
      'a team name that is no namespace name',
      { teams: { Shop_Team: baseConfig.teams.shop! } },
      'teams.Shop_Team: team names are namespace names',
    ],
    [
      'a team without group',
      { teams: { extra: { quota: { cpu: '1', memory: '1Gi', pods: 1 } } } },
      'teams.extra.group must be a non-empty string',
    ],
    [
      'a quota that is no quantity',
      { teams: { shop: { quota: { memory: '4 GB' } } } },
      'teams.shop.quota.memory must be a Kubernetes quantity such as "500m" or "256Mi", got 4 GB',
    ],
    [
      'zero pods',
      { teams: { shop: { quota: { pods: 0 } } } },
      'teams.shop.quota.pods must be a whole number from 1, got 0',
    ],
    [
      'a service of an unknown team',
      { services: { web: { team: 'nobody' } } },
      'services.web.team "nobody" is not one of the teams (platform, shop)',
    ],
    [
      'a service without image',
      { services: { api: { team: 'shop', replicas: 1, port: 80 } } },
      'services.api.image must be a non-empty string',
    ],
    [
      'a partly written new service',
      { services: { api: { team: 'shop', image: 'api:1', replicas: 1, port: 80 } } },
      'services.api.resources.requests.cpu must be a Kubernetes quantity',
    ],
    [
      'fractional replicas',
      { services: { web: { replicas: 1.5 } } },
      'services.web.replicas must be a whole number from 0, got 1.5',
    ],
    [
      'a port out of range',
      { services: { web: { port: 70000 } } },
      'services.web.port must be a whole number from 1 to 65535, got 70000',
    ],
    [
      'min above max replicas',
      { services: { web: { autoscaler: { minReplicas: 5, maxReplicas: 3, cpuUtilization: 80 } } } },
      'services.web.autoscaler.maxReplicas (3) must be a whole number no less than minReplicas (5)',
    ],
    [
      'a CPU target over 100%',
      { services: { web: { autoscaler: { minReplicas: 1, maxReplicas: 3, cpuUtilization: 150 } } } },
      'services.web.autoscaler.cpuUtilization must be a percentage from 1 to 100, got 150',
    ],
    [
      'an invalid hostname',
      { services: { web: { ingress: { hostname: 'Shop Example' } } } },
      'services.web.ingress.hostname must be a lowercase DNS name, got Shop Example',
    ],
    [
      'TLS without secret',
      { services: { web: { ingress: { tls: { secretName: '' } } } } },
      'services.web.ingress.tls.secretName must be a non-empty string',
    ],
  ])('rejects %s', (_case, override, message) => {
    expect(broken(override)).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  it('runs for every environment of a definition, naming the environment', () => {
    const definition = {
      ...environmentsDefinition,
      environments: [
        ...environmentsDefinition.environments.slice(0, 2),
        { name: 'apps-prod', inherits: 'apps', overrides: { services: { web: { autoscaler: { minReplicas: 20 } } } } },
      ],
    };
    expect(() => defineEnvironments(definition)).toThrow(EnvironmentConfigError);
    expect(() => defineEnvironments(definition)).toThrow(
      'apps-prod: services.web.autoscaler.maxReplicas (4) must be a whole number no less than minReplicas (20)',
    );
  });
});
