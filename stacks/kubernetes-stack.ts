import type { App } from 'cdktf';
import type { Construct } from 'constructs';
import type { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider/index.js';
import type { TeamNamespace } from './constructs/team-namespace.js';
import type { WebService } from './constructs/web-service.js';
import type { Environments } from './environments/define.js';
import { EnvironmentStack, type EnvironmentStackProps } from './environment-stack.js';
import type { KubernetesEnvironmentConfig } from './kubernetes-config.js';
import { addKubernetesProvider, addTeamNamespaces, addWebServices, checkServiceTeams } from './kubernetes-parts.js';

/** Name within its environment of the stack holding the namespaces ({@link KubernetesPlatformStack}). */
export const PLATFORM_STACK = 'platform';
/** Name within its environment of the stack holding the workloads ({@link KubernetesServicesStack}). */
export const SERVICES_STACK = 'services';

/** Input of {@link KubernetesStack} and {@link KubernetesPlatformStack}. */
export interface KubernetesStackProps extends EnvironmentStackProps {
  /** The environment's resolved configuration. */
  readonly config: KubernetesEnvironmentConfig;
}

/**
 * One environment's Kubernetes platform and services in ONE stack named after the environment: the
 * one-stack layout of round 1, whose state stays where it was. {@link kubernetesStacks} builds it
 * with `layout: 'one-stack'`; the default layout splits it into {@link KubernetesPlatformStack} and
 * {@link KubernetesServicesStack}.
 */
export class KubernetesStack extends EnvironmentStack {
  /** The kubernetes provider, pointed at the environment's kubeconfig context. */
  readonly provider: KubernetesProvider;
  /** Each team's namespace, by team name. */
  readonly teams: Readonly<Record<string, TeamNamespace>>;
  /** Each web service, by name. */
  readonly services: Readonly<Record<string, WebService>>;

  /** Adds the stack named `environment` (its workspace) to `scope`, built from `props.config`. */
  constructor(scope: Construct, environment: string, props: KubernetesStackProps) {
    checkServiceTeams(environment, props.config, Object.keys(props.config.teams));
    super(scope, environment, props);
    this.provider = addKubernetesProvider(this, props.config);
    const teams = addTeamNamespaces(this, environment, props.config);
    this.services = addWebServices(this, environment, props.config, (team) => teams[team]!.namespaceName);
    this.teams = teams;
  }
}

/**
 * The `platform` stack of an environment (`<env>-platform`): the kubernetes provider and one
 * {@link TeamNamespace} per team (namespace, quota, limit range, default-deny policy, role binding).
 * It changes when teams do, rarely, and is applied before the environment's services stack.
 */
export class KubernetesPlatformStack extends EnvironmentStack {
  /** The kubernetes provider, pointed at the environment's kubeconfig context. */
  readonly provider: KubernetesProvider;
  /** Each team's namespace, by team name. */
  readonly teams: Readonly<Record<string, TeamNamespace>>;

  /** Adds stack `<environment>-platform` (or `<environment>-<props.stack>`) to `scope`. */
  constructor(scope: Construct, environment: string, props: KubernetesStackProps) {
    super(scope, environment, { ...props, stack: props.stack ?? PLATFORM_STACK });
    this.provider = addKubernetesProvider(this, props.config);
    this.teams = addTeamNamespaces(this, environment, props.config);
  }
}

/** Input of {@link KubernetesServicesStack}. */
export interface KubernetesServicesStackProps extends KubernetesStackProps {
  /** The same environment's platform stack, whose namespaces the services run in. */
  readonly platform: KubernetesPlatformStack;
}

/**
 * The `services` stack of an environment (`<env>-services`): the kubernetes provider and one
 * {@link WebService} per service (deployment, service, disruption budget, network policy, autoscaler,
 * ingress). Each service's namespace is the platform stack's namespace name attribute: a cross-stack
 * reference, so cdktf adds an output to the platform stack and a `terraform_remote_state` here (read
 * in the same workspace), and the stack depends on the platform stack.
 */
export class KubernetesServicesStack extends EnvironmentStack {
  /** The kubernetes provider, pointed at the environment's kubeconfig context. */
  readonly provider: KubernetesProvider;
  /** Each web service, by name. */
  readonly services: Readonly<Record<string, WebService>>;
  /** The platform stack it depends on. */
  readonly platform: KubernetesPlatformStack;

  /**
   * Adds stack `<environment>-services` (or `<environment>-<props.stack>`) to `scope`. Throws when
   * `props.platform` is another environment's, or a service names a team the platform stack lacks.
   */
  constructor(scope: Construct, environment: string, props: KubernetesServicesStackProps) {
    const { platform, ...rest } = props;
    if (platform.environment !== environment) {
      throw new Error(
        `The services stack of environment "${environment}" needs that environment's platform stack, ` +
          `not "${platform.node.id}" (each environment's stacks share only its own workspace)`,
      );
    }
    checkServiceTeams(environment, props.config, Object.keys(platform.teams));
    super(scope, environment, { ...rest, stack: props.stack ?? SERVICES_STACK });
    this.platform = platform;
    this.provider = addKubernetesProvider(this, props.config);
    // The namespace resource's name attribute (a token of the platform stack), never a plain string.
    this.services = addWebServices(this, environment, props.config, (team) => platform.teams[team]!.namespaceName);
    // Also without services (no reference then): the namespaces come first.
    this.addDependency(platform);
  }
}

/** Options of {@link kubernetesStacks}. */
export interface KubernetesStacksProps extends Omit<EnvironmentStackProps, 'stack'> {
  /**
   * `'platform-and-services'` (default): two stacks per environment, {@link KubernetesPlatformStack}
   * and {@link KubernetesServicesStack}. `'one-stack'`: one {@link KubernetesStack} per environment,
   * the round-1 layout, for projects whose state is already there.
   */
  readonly layout?: 'platform-and-services' | 'one-stack';
}

/**
 * The `stacks` callback of `defineProject`: per environment, in promotion order, a
 * {@link KubernetesPlatformStack} and a {@link KubernetesServicesStack} reading its namespaces (or
 * one {@link KubernetesStack} with `layout: 'one-stack'`).
 */
export function kubernetesStacks(
  environments: Environments<KubernetesEnvironmentConfig>,
  props: KubernetesStacksProps = {},
): (app: App) => void {
  const { layout = 'platform-and-services', ...stackProps } = props;
  return (app) => {
    for (const env of environments.list) {
      const config = env.config;
      if (layout === 'one-stack') {
        new KubernetesStack(app, env.name, { ...stackProps, config });
        continue;
      }
      const platform = new KubernetesPlatformStack(app, env.name, { ...stackProps, config });
      new KubernetesServicesStack(app, env.name, { ...stackProps, config, platform });
    }
  };
}
