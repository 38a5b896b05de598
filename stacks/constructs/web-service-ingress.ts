import type { Construct } from 'constructs';
import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1/index.js';
import type { IngressConfig } from '../kubernetes-config.js';

/** Input of {@link addIngress}. */
export interface AddIngressProps {
  /** Name, namespace and labels of the ingress. */
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels: Record<string, string> };
  /** Hostname, class and TLS. */
  readonly ingress: IngressConfig;
  /** The Kubernetes service to route to (a reference, so it is created first). */
  readonly serviceName: string;
  /** The service's port to route to. */
  readonly servicePort: number;
}

/** Adds an `Ingress` routing every path of the configured hostname to the service's port. */
export function addIngress(scope: Construct, props: AddIngressProps): IngressV1 {
  const { ingress } = props;
  const issuer = ingress.tls?.clusterIssuer;
  return new IngressV1(scope, 'ingress', {
    metadata: {
      ...props.metadata,
      ...(issuer ? { annotations: { 'cert-manager.io/cluster-issuer': issuer } } : {}),
    },
    spec: {
      ingressClassName: ingress.className,
      rule: [
        {
          host: ingress.hostname,
          http: {
            path: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: props.serviceName, port: { number: props.servicePort } } },
              },
            ],
          },
        },
      ],
      ...(ingress.tls ? { tls: [{ hosts: [ingress.hostname], secretName: ingress.tls.secretName }] } : {}),
    },
  });
}
