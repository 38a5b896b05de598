import type { App } from 'cdktf';
import type { Construct } from 'constructs';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider/index.js';
import { ENVIRONMENT_LABEL, TEAM_LABEL } from './constructs/labels.js';
import { TeamNamespace } from './constructs/team-namespace.js';
import { WebService } from './constructs/web-service.js';
import type { Environments } from './environments/define.js';
import { EnvironmentStack, type EnvironmentStackProps } from './environment-stack.js';
import type { KubernetesEnvironmentConfig } from './kubernetes-config.js';

/** Input of {@link KubernetesStack}. */
export interface KubernetesStackProps extends EnvironmentStackProps {
  /** The environment's resolved configuration. */
  readonly config: KubernetesEnvironmentConfig;
}

/** One environment's Kubernetes platform: provider for its cluster, one namespace per team, the web services. */
export class KubernetesStack extends EnvironmentStack {
  /** The kubernetes provider, pointed at the environment's kubeconfig context. */
  readonly provider: KubernetesProvider;
  /** Each team's namespace, by team name. */
  readonly teams: Readonly<Record<string, TeamNamespace>>;
  /** Each web service, by name. */
  readonly services: Readonly<Record<string, WebService>>;

  /** Adds the stack named `environment` (its workspace) to `scope`, built from `props.config`. */
  constructor(scope: Construct, environment: string, props: KubernetesStackProps) {
    super(scope, environment, props);
    const { config } = props;
    this.provider = new KubernetesProvider(this, 'kubernetes', {
      configPath: config.provider.configPath,
      configContext: config.provider.configContext,
    });
    const labels = { ...config.labels, [ENVIRONMENT_LABEL]: environment };
    const teams: Record<string, TeamNamespace> = {};
    for (const [name, team] of Object.entries(config.teams)) {
      teams[name] = new TeamNamespace(this, `team-${name}`, { name, team, labels });
    }
    const services: Record<string, WebService> = {};
    for (const [name, service] of Object.entries(config.services ?? {})) {
      const team = teams[service.team];
      if (!team)
        throw new Error(`Service "${name}" in environment "${environment}" names unknown team "${service.team}"`);
      services[name] = new WebService(this, `service-${name}`, {
        name,
        namespace: team.namespaceName,
        service,
        labels: { ...labels, [TEAM_LABEL]: service.team },
      });
    }
    this.teams = teams;
    this.services = services;
  }
}

/** The `stacks` callback of `defineProject`: one {@link KubernetesStack} per environment, in promotion order. */
export function kubernetesStacks(
  environments: Environments<KubernetesEnvironmentConfig>,
  props: EnvironmentStackProps = {},
): (app: App) => void {
  return (app) => {
    for (const env of environments.list) new KubernetesStack(app, env.name, { ...props, config: env.config });
  };
}
