import type { ContainerResources, KubernetesEnvironmentConfig, WebServiceConfig } from './kubernetes-config.js';

/** A DNS-1035 label: what Kubernetes accepts as a namespace or service name. */
const DNS_LABEL = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A Kubernetes resource quantity such as `500m`, `1`, `1.5`, `256Mi`, `2G`. */
const QUANTITY = /^\d+(?:\.\d+)?(?:m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/**
 * Every problem with one environment's resolved Kubernetes config (empty when valid). Checks
 * required fields too: an override can add a team or service that is only partly written.
 */
export function validateKubernetesConfig(config: KubernetesEnvironmentConfig): string[] {
  const problems: string[] = [];
  const text = (path: string, value: unknown) => {
    if (typeof value !== 'string' || value === '') problems.push(`${path} must be a non-empty string`);
  };
  const int = (path: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      problems.push(
        `${path} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}, ` +
          `got ${String(value)}`,
      );
    }
  };
  const quantity = (path: string, value: unknown) => {
    if (typeof value !== 'string' || !QUANTITY.test(value))
      problems.push(`${path} must be a Kubernetes quantity such as "500m" or "256Mi", got ${String(value)}`);
  };
  const resources = (path: string, r: ContainerResources | undefined) => {
    for (const kind of ['requests', 'limits'] as const) {
      quantity(`${path}.${kind}.cpu`, r?.[kind]?.cpu);
      quantity(`${path}.${kind}.memory`, r?.[kind]?.memory);
    }
  };

  text('provider.configPath', config.provider?.configPath);
  text('provider.configContext', config.provider?.configContext);
  const teams = config.teams ?? {};
  for (const [name, team] of Object.entries(teams)) {
    const path = `teams.${name}`;
    if (!DNS_LABEL.test(name))
      problems.push(
        `${path}: team names are namespace names: ` +
          'use 1-63 lowercase letters, digits and dashes, starting with a letter',
      );
    text(`${path}.group`, team.group);
    quantity(`${path}.quota.cpu`, team.quota?.cpu);
    quantity(`${path}.quota.memory`, team.quota?.memory);
    int(`${path}.quota.pods`, team.quota?.pods, 1);
    resources(`${path}.containerDefaults`, team.containerDefaults);
  }
  for (const [name, service] of Object.entries(config.services ?? {})) {
    const path = `services.${name}`;
    if (!DNS_LABEL.test(name))
      problems.push(
        `${path}: service names are DNS labels: use 1-63 lowercase letters, digits and dashes, starting with a letter`,
      );
    if (!Object.hasOwn(teams, service.team))
      problems.push(
        `${path}.team "${service.team}" is not one of the teams (${Object.keys(teams).join(', ') || 'none'})`,
      );
    text(`${path}.image`, service.image);
    int(`${path}.replicas`, service.replicas, 0);
    int(`${path}.port`, service.port, 1, 65535);
    resources(`${path}.resources`, service.resources);
    problems.push(...optionalPartProblems(path, service));
  }
  return problems;
}

function optionalPartProblems(path: string, service: WebServiceConfig): string[] {
  const problems: string[] = [];
  const a = service.autoscaler;
  if (a) {
    if (!Number.isInteger(a.minReplicas) || a.minReplicas < 1)
      problems.push(
        `${path}.autoscaler.minReplicas must be a whole number of at least 1, got ${String(a.minReplicas)}`,
      );
    if (!Number.isInteger(a.maxReplicas) || a.maxReplicas < a.minReplicas) {
      problems.push(
        `${path}.autoscaler.maxReplicas (${String(a.maxReplicas)}) must be a whole number ` +
          `no less than minReplicas (${String(a.minReplicas)})`,
      );
    }
    if (!Number.isInteger(a.cpuUtilization) || a.cpuUtilization < 1 || a.cpuUtilization > 100) {
      problems.push(
        `${path}.autoscaler.cpuUtilization must be a percentage from 1 to 100, got ${String(a.cpuUtilization)}`,
      );
    }
  }
  const i = service.ingress;
  if (i) {
    if (
      typeof i.hostname !== 'string' ||
      !/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(i.hostname)
    ) {
      problems.push(`${path}.ingress.hostname must be a lowercase DNS name, got ${String(i.hostname)}`);
    }
    if (typeof i.className !== 'string' || i.className === '')
      problems.push(`${path}.ingress.className must be a non-empty string`);
    if (i.tls && (typeof i.tls.secretName !== 'string' || i.tls.secretName === ''))
      problems.push(`${path}.ingress.tls.secretName must be a non-empty string`);
  }
  return problems;
}
