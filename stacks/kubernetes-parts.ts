import type { Construct } from 'constructs';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider/index.js';
import { ENVIRONMENT_LABEL, TEAM_LABEL } from './constructs/labels.js';
import { TeamNamespace } from './constructs/team-namespace.js';
import { WebService } from './constructs/web-service.js';
import type { KubernetesEnvironmentConfig } from './kubernetes-config.js';

// The pieces of the Kubernetes stacks, shared by the one-stack layout (KubernetesStack) and the two
// stacks (platform, services), with the same construct ids so resource addresses match across them.

/** Adds the kubernetes provider for the environment's cluster (its kubeconfig context) to `stack`. */
export function addKubernetesProvider(stack: Construct, config: KubernetesEnvironmentConfig): KubernetesProvider {
  return new KubernetesProvider(stack, 'kubernetes', {
    configPath: config.provider.configPath,
    configContext: config.provider.configContext,
  });
}

/** The labels every object of `environment` carries: the configuration's and the environment's. */
export function environmentLabels(environment: string, config: KubernetesEnvironmentConfig): Record<string, string> {
  return { ...config.labels, [ENVIRONMENT_LABEL]: environment };
}

/** Adds one {@link TeamNamespace} per team of `config` to `stack`; returns them by team name. */
export function addTeamNamespaces(
  stack: Construct,
  environment: string,
  config: KubernetesEnvironmentConfig,
): Record<string, TeamNamespace> {
  const labels = environmentLabels(environment, config);
  const teams: Record<string, TeamNamespace> = {};
  for (const [name, team] of Object.entries(config.teams)) {
    teams[name] = new TeamNamespace(stack, `team-${name}`, { name, team, labels });
  }
  return teams;
}

/**
 * Throws when a service of `config` names a team that `teams` lacks (before anything is added, so a
 * bad configuration leaves no half-built stack behind).
 */
export function checkServiceTeams(
  environment: string,
  config: KubernetesEnvironmentConfig,
  teams: readonly string[],
): void {
  for (const [name, service] of Object.entries(config.services ?? {})) {
    if (teams.includes(service.team)) continue;
    throw new Error(
      `Service "${name}" in environment "${environment}" names unknown team "${service.team}" ` +
        `(teams: ${teams.join(', ') || 'none'})`,
    );
  }
}

/**
 * Adds one {@link WebService} per service of `config` to `stack`, each in the namespace
 * `namespaceOf(team)` returns (a reference to the namespace's name, so it is created first); returns
 * them by service name. Call {@link checkServiceTeams} first.
 */
export function addWebServices(
  stack: Construct,
  environment: string,
  config: KubernetesEnvironmentConfig,
  namespaceOf: (team: string) => string,
): Record<string, WebService> {
  const labels = environmentLabels(environment, config);
  const services: Record<string, WebService> = {};
  for (const [name, service] of Object.entries(config.services ?? {})) {
    services[name] = new WebService(stack, `service-${name}`, {
      name,
      namespace: namespaceOf(service.team),
      service,
      labels: { ...labels, [TEAM_LABEL]: service.team },
    });
  }
  return services;
}
