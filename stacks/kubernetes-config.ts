/** CPU and memory as Kubernetes quantities, e.g. `{ cpu: '500m', memory: '256Mi' }`. */
export interface ResourceAmounts {
  /** CPU, e.g. `500m` (half a core). */
  readonly cpu: string;
  /** Memory, e.g. `256Mi`. */
  readonly memory: string;
}

/** A container's requests (what the scheduler reserves) and limits (what it may use). */
export interface ContainerResources {
  /** Reserved for the container when it is scheduled. */
  readonly requests: ResourceAmounts;
  /** The most the container may use. */
  readonly limits: ResourceAmounts;
}

/** Ceilings on what all of a team's pods together may claim (a `ResourceQuota`). */
export interface TeamQuota {
  /** Sum of the pods' CPU limits. */
  readonly cpu: string;
  /** Sum of the pods' memory limits. */
  readonly memory: string;
  /** Number of pods. */
  readonly pods: number;
}

/** A team: one namespace (named after the team) with a quota, container defaults and access. */
export interface TeamConfig {
  /** Identity-provider group bound to the `edit` ClusterRole in the team's namespace. */
  readonly group: string;
  /** Ceilings for the whole namespace. */
  readonly quota: TeamQuota;
  /** Requests and limits of containers that set none (a `LimitRange`); the quota needs limits on every pod. */
  readonly containerDefaults: ContainerResources;
}

/** Scale a web service on CPU use with a `HorizontalPodAutoscaler`. */
export interface AutoscalerConfig {
  /** Fewest replicas, at least 1. */
  readonly minReplicas: number;
  /** Most replicas, no less than `minReplicas`. */
  readonly maxReplicas: number;
  /** Average CPU use, in percent of the requests, the autoscaler aims for. */
  readonly cpuUtilization: number;
}

/** Serve a web service under a hostname through an ingress controller. */
export interface IngressConfig {
  /** Public DNS name the service answers on. */
  readonly hostname: string;
  /** The `IngressClass`, e.g. `nginx`. */
  readonly className: string;
  /** Namespace of the ingress controller, let through the team's default-deny policy. Default `ingress-nginx`. */
  readonly controllerNamespace?: string;
  /** Serve HTTPS with the certificate in this secret (optionally issued by cert-manager). */
  readonly tls?: {
    /** Secret holding the certificate and key. */
    readonly secretName: string;
    /** cert-manager `ClusterIssuer` that fills the secret. */
    readonly clusterIssuer?: string;
  };
}

/** A stateless HTTP service: deployment, service, disruption budget, optional autoscaler and ingress. */
export interface WebServiceConfig {
  /** The team (a key of `teams`) whose namespace runs it. */
  readonly team: string;
  /** Container image, pinned to a tag or digest. */
  readonly image: string;
  /** Replicas; with an autoscaler, only the initial count (the autoscaler owns it afterwards). */
  readonly replicas: number;
  /** Port the container listens on; the service exposes it as port 80. */
  readonly port: number;
  /** The container's requests and limits. */
  readonly resources: ContainerResources;
  /** Scale on CPU between a minimum and maximum; without it, `replicas` is fixed. */
  readonly autoscaler?: AutoscalerConfig;
  /** Expose the service under a hostname; without it, it is reachable inside the cluster only. */
  readonly ingress?: IngressConfig;
}

/** How terraform's kubernetes provider reaches an environment's cluster. */
export interface KubernetesProviderSettings {
  /** Path of the kubeconfig file (`config_path`). */
  readonly configPath: string;
  /** Context in that file (`config_context`). */
  readonly configContext: string;
}

/**
 * What a platform team sets per environment. Teams and services are records keyed by name, not
 * arrays, so an inheriting environment can change or `REMOVE` one entry (arrays are replaced whole).
 */
export interface KubernetesEnvironmentConfig {
  /** How to reach the environment's cluster. */
  readonly provider: KubernetesProviderSettings;
  /** Labels put on every Kubernetes object of the environment. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Teams by name; each gets a namespace of that name. */
  readonly teams: Readonly<Record<string, TeamConfig>>;
  /** Web services by name. */
  readonly services?: Readonly<Record<string, WebServiceConfig>>;
}
