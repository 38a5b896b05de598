import { Construct } from 'constructs';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1/index.js';
import { HorizontalPodAutoscalerV2 } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2/index.js';
import type { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1/index.js';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1/index.js';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1/index.js';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1/index.js';
import type { WebServiceConfig } from '../kubernetes-config.js';
import { MANAGED_BY_LABELS, selectorLabels } from './labels.js';
import { addIngress } from './web-service-ingress.js';

/** Port the Kubernetes service exposes; the container's own port is configurable. */
export const SERVICE_PORT = 80;

/** Input of {@link WebService}. */
export interface WebServiceProps {
  /** Service name: the deployment, service and other objects are named after it. */
  readonly name: string;
  /** Namespace to run in (a reference to the team's namespace, so it is created first). */
  readonly namespace: string;
  /** What to run and how to expose it. */
  readonly service: WebServiceConfig;
  /** Extra labels for every object (e.g. the environment's and team's). */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A stateless HTTP service: deployment, ClusterIP service, pod disruption budget, a network policy
 * letting its namespace (and the ingress controller) reach it, and optionally an autoscaler and ingress.
 */
export class WebService extends Construct {
  /** Runs the containers. */
  readonly deployment: DeploymentV1;
  /** The ClusterIP service in front of the pods. */
  readonly kubernetesService: ServiceV1;
  /** Limits voluntary disruptions (node drains) to one pod at a time. */
  readonly disruptionBudget: PodDisruptionBudgetV1;
  /** Opens the container port to the namespace and, with an ingress, to the ingress controller. */
  readonly networkPolicy: NetworkPolicyV1;
  /** Present when the config has an autoscaler. */
  readonly autoscaler?: HorizontalPodAutoscalerV2;
  /** Present when the config has an ingress. */
  readonly ingress?: IngressV1;

  /** Creates the service's objects in `props.namespace`. */
  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    const { name, namespace, service } = props;
    const selector = selectorLabels(name);
    const labels = { ...MANAGED_BY_LABELS, ...props.labels, ...selector };
    const metadata = { name, namespace, labels };

    this.deployment = new DeploymentV1(this, 'deployment', {
      metadata,
      spec: {
        replicas: String(service.replicas),
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            container: [
              {
                name,
                image: service.image,
                port: [{ name: 'http', containerPort: service.port }],
                resources: { requests: { ...service.resources.requests }, limits: { ...service.resources.limits } },
                readinessProbe: { tcpSocket: [{ port: String(service.port) }] },
              },
            ],
          },
        },
      },
      // With an autoscaler, replicas is only the initial count: terraform must not scale it back.
      ...(service.autoscaler ? { lifecycle: { ignoreChanges: ['spec[0].replicas'] } } : {}),
    });
    this.kubernetesService = new ServiceV1(this, 'service', {
      metadata,
      spec: {
        type: 'ClusterIP',
        selector,
        port: [{ name: 'http', port: SERVICE_PORT, targetPort: String(service.port) }],
      },
    });
    // maxUnavailable rather than minAvailable: a single replica must not block node drains.
    this.disruptionBudget = new PodDisruptionBudgetV1(this, 'disruption-budget', {
      metadata,
      spec: { maxUnavailable: '1', selector: { matchLabels: selector } },
    });
    const controllerNamespace = service.ingress ? (service.ingress.controllerNamespace ?? 'ingress-nginx') : undefined;
    this.networkPolicy = new NetworkPolicyV1(this, 'allow', {
      metadata: { ...metadata, name: `allow-${name}` },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { podSelector: {} },
              ...(controllerNamespace
                ? [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': controllerNamespace } } }]
                : []),
            ],
            ports: [{ port: String(service.port), protocol: 'TCP' }],
          },
        ],
      },
    });
    if (service.autoscaler) {
      this.autoscaler = new HorizontalPodAutoscalerV2(this, 'autoscaler', {
        metadata,
        spec: {
          minReplicas: service.autoscaler.minReplicas,
          maxReplicas: service.autoscaler.maxReplicas,
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deployment.metadata.name },
          metric: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: service.autoscaler.cpuUtilization },
              },
            },
          ],
        },
      });
    }
    if (service.ingress) {
      this.ingress = addIngress(this, {
        metadata,
        ingress: service.ingress,
        serviceName: this.kubernetesService.metadata.name,
        servicePort: SERVICE_PORT,
      });
    }
  }
}
