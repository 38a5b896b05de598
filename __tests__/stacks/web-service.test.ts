import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1/index.js';
import { HorizontalPodAutoscalerV2 } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2/index.js';
import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1/index.js';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1/index.js';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1/index.js';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1/index.js';
import { WebService } from '../../stacks/constructs/index.js';
import { synthScope } from './synth-scope.js';
import type { WebServiceConfig } from '../../stacks/kubernetes-config.js';

const plain: WebServiceConfig = {
  team: 'shop',
  image: 'nginxinc/nginx-unprivileged:1.27',
  replicas: 2,
  port: 8080,
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
};

const full: WebServiceConfig = {
  ...plain,
  autoscaler: { minReplicas: 3, maxReplicas: 12, cpuUtilization: 70 },
  ingress: {
    hostname: 'shop.example.com',
    className: 'nginx',
    tls: { secretName: 'shop-tls', clusterIssuer: 'letsencrypt' },
  },
};

const synth = (service: WebServiceConfig) =>
  synthScope((scope) => {
    new WebService(scope, 'service-web', { name: 'web', namespace: 'shop', service, labels: { team: 'shop' } });
  });

const selector = { 'app.kubernetes.io/name': 'web' };
const labels = { 'app.kubernetes.io/managed-by': 'cdktf-gitops', team: 'shop', ...selector };
const metadata = { name: 'web', namespace: 'shop', labels };

describe('WebService', () => {
  describe('without autoscaler and ingress', () => {
    const json = synth(plain);
    const parsed = JSON.parse(json);

    it('creates a deployment of the image with replicas, port and resources', () => {
      expect(json).toHaveResourceWithProperties(DeploymentV1, {
        metadata,
        spec: {
          replicas: '2',
          selector: { match_labels: selector },
          template: {
            metadata: { labels },
            spec: {
              container: [
                {
                  name: 'web',
                  image: 'nginxinc/nginx-unprivileged:1.27',
                  port: [{ name: 'http', container_port: 8080 }],
                  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
                  readiness_probe: { tcp_socket: [{ port: '8080' }] },
                },
              ],
            },
          },
        },
      });
      expect(Object.values(parsed.resource.kubernetes_deployment_v1)[0]).not.toHaveProperty('lifecycle');
    });

    it('exposes it on port 80 through a ClusterIP service', () => {
      expect(json).toHaveResourceWithProperties(ServiceV1, {
        metadata,
        spec: { type: 'ClusterIP', selector, port: [{ name: 'http', port: 80, target_port: '8080' }] },
      });
    });

    it('allows one pod at a time to be disrupted', () => {
      expect(json).toHaveResourceWithProperties(PodDisruptionBudgetV1, {
        metadata,
        spec: { max_unavailable: '1', selector: { match_labels: selector } },
      });
    });

    it('lets only its own namespace reach its port', () => {
      expect(json).toHaveResourceWithProperties(NetworkPolicyV1, {
        metadata: { ...metadata, name: 'allow-web' },
        spec: {
          pod_selector: { match_labels: selector },
          policy_types: ['Ingress'],
          ingress: [{ from: [{ pod_selector: {} }], ports: [{ port: '8080', protocol: 'TCP' }] }],
        },
      });
    });

    it('creates no autoscaler and no ingress', () => {
      expect(json).not.toHaveResource(HorizontalPodAutoscalerV2);
      expect(json).not.toHaveResource(IngressV1);
    });
  });

  describe('with autoscaler and ingress', () => {
    const json = synth(full);
    const parsed = JSON.parse(json);
    const deploymentName = expect.stringMatching(/^\$\{kubernetes_deployment_v1\.[\w-]+\.metadata\[0\]\.name\}$/);
    const serviceName = expect.stringMatching(/^\$\{kubernetes_service_v1\.[\w-]+\.metadata\[0\]\.name\}$/);

    it('scales the deployment on CPU with an autoscaler v2', () => {
      expect(json).toHaveResourceWithProperties(HorizontalPodAutoscalerV2, {
        metadata,
        spec: {
          min_replicas: 3,
          max_replicas: 12,
          scale_target_ref: { api_version: 'apps/v1', kind: 'Deployment', name: deploymentName },
          metric: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', average_utilization: 70 } } },
          ],
        },
      });
    });

    it('leaves the replica count to the autoscaler after creation', () => {
      expect(Object.values(parsed.resource.kubernetes_deployment_v1)[0]).toMatchObject({
        lifecycle: { ignore_changes: ['spec[0].replicas'] },
      });
    });

    it('routes the hostname to the service with TLS from cert-manager', () => {
      expect(json).toHaveResourceWithProperties(IngressV1, {
        metadata: { ...metadata, annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
        spec: {
          ingress_class_name: 'nginx',
          rule: [
            {
              host: 'shop.example.com',
              http: {
                path: [
                  { path: '/', path_type: 'Prefix', backend: { service: { name: serviceName, port: { number: 80 } } } },
                ],
              },
            },
          ],
          tls: [{ hosts: ['shop.example.com'], secret_name: 'shop-tls' }],
        },
      });
    });

    it('lets the ingress controller through the default-deny policy', () => {
      expect(json).toHaveResourceWithProperties(NetworkPolicyV1, {
        spec: expect.objectContaining({
          ingress: [
            {
              from: [
                { pod_selector: {} },
                { namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
              ],
              ports: [{ port: '8080', protocol: 'TCP' }],
            },
          ],
        }),
      });
    });
  });

  it('serves plain HTTP without annotations when the ingress has no TLS', () => {
    const json = synth({
      ...plain,
      ingress: { hostname: 'shop.ops.example.com', className: 'internal', controllerNamespace: 'edge' },
    });
    const ingress = Object.values(JSON.parse(json).resource.kubernetes_ingress_v1)[0] as Record<string, any>;
    expect(ingress.metadata).toEqual(metadata);
    expect(ingress.spec.tls).toBeUndefined();
    expect(ingress.spec.ingress_class_name).toBe('internal');
    expect(json).toHaveResourceWithProperties(NetworkPolicyV1, {
      spec: expect.objectContaining({
        ingress: [
          expect.objectContaining({
            from: [
              { pod_selector: {} },
              { namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'edge' } } },
            ],
          }),
        ],
      }),
    });
  });
});
