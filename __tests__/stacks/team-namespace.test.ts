import { LimitRangeV1 } from '@cdktf/provider-kubernetes/lib/limit-range-v1/index.js';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1/index.js';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1/index.js';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1/index.js';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1/index.js';
import { TeamNamespace } from '../../stacks/constructs/index.js';
import { synthScope } from './synth-scope.js';
import type { TeamConfig } from '../../stacks/kubernetes-config.js';

const team: TeamConfig = {
  group: 'shop-developers',
  quota: { cpu: '8', memory: '16Gi', pods: 60 },
  containerDefaults: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
};

const synth = () =>
  synthScope((scope) => {
    new TeamNamespace(scope, 'team-shop', { name: 'shop', team, labels: { 'cdktf-gitops/environment': 'apps' } });
  });

describe('TeamNamespace', () => {
  const json = synth();
  const parsed = JSON.parse(json);
  const namespaceRef = expect.stringMatching(/^\$\{kubernetes_namespace_v1\.[\w-]+\.metadata\[0\]\.name\}$/);

  it('creates the namespace named after the team with the given and managed-by labels', () => {
    expect(json).toHaveResourceWithProperties(NamespaceV1, {
      metadata: {
        name: 'shop',
        labels: {
          'app.kubernetes.io/managed-by': 'cdktf-gitops',
          'cdktf-gitops/environment': 'apps',
          'cdktf-gitops/team': 'shop',
        },
      },
    });
  });

  it('caps the team with a resource quota in its namespace', () => {
    expect(json).toHaveResourceWithProperties(ResourceQuotaV1, {
      metadata: expect.objectContaining({ name: 'team-quota', namespace: namespaceRef }),
      spec: { hard: { 'limits.cpu': '8', 'limits.memory': '16Gi', pods: '60' } },
    });
  });

  it('gives containers default requests and limits', () => {
    expect(json).toHaveResourceWithProperties(LimitRangeV1, {
      metadata: expect.objectContaining({ name: 'container-defaults', namespace: namespaceRef }),
      spec: {
        limit: [
          {
            type: 'Container',
            default: { cpu: '500m', memory: '512Mi' },
            default_request: { cpu: '100m', memory: '128Mi' },
          },
        ],
      },
    });
  });

  it('denies all ingress to the namespace by default', () => {
    expect(json).toHaveResourceWithProperties(NetworkPolicyV1, {
      metadata: expect.objectContaining({ name: 'default-deny-ingress', namespace: namespaceRef }),
      spec: { pod_selector: {}, policy_types: ['Ingress'] },
    });
    expect(parsed.resource.kubernetes_network_policy_v1).toBeDefined();
    const [policy] = Object.values(parsed.resource.kubernetes_network_policy_v1) as { spec: Record<string, unknown> }[];
    expect(policy!.spec.ingress).toBeUndefined();
  });

  it('binds the team group to the edit ClusterRole in its namespace', () => {
    expect(json).toHaveResourceWithProperties(RoleBindingV1, {
      metadata: expect.objectContaining({ name: 'team-edit', namespace: namespaceRef }),
      role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subject: [{ api_group: 'rbac.authorization.k8s.io', kind: 'Group', name: 'shop-developers' }],
    });
  });

  it('creates exactly these five resources', () => {
    expect(Object.keys(parsed.resource).sort()).toEqual([
      'kubernetes_limit_range_v1',
      'kubernetes_namespace_v1',
      'kubernetes_network_policy_v1',
      'kubernetes_resource_quota_v1',
      'kubernetes_role_binding_v1',
    ]);
  });
});
