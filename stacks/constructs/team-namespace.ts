import { Construct } from 'constructs';
import { LimitRangeV1 } from '@cdktf/provider-kubernetes/lib/limit-range-v1/index.js';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1/index.js';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1/index.js';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1/index.js';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1/index.js';
import type { TeamConfig } from '../kubernetes-config.js';
import { MANAGED_BY_LABELS, TEAM_LABEL } from './labels.js';

/** Input of {@link TeamNamespace}. */
export interface TeamNamespaceProps {
  /** Team name, also the namespace's name. */
  readonly name: string;
  /** The team's quota, container defaults and group. */
  readonly team: TeamConfig;
  /** Extra labels for every object (e.g. the environment's). */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A team's namespace: resource quota, container defaults (limit range), a default-deny ingress
 * network policy and the team's group bound to the `edit` ClusterRole.
 */
export class TeamNamespace extends Construct {
  /** The team's namespace, named after the team. */
  readonly namespace: NamespaceV1;
  /** The namespace's name as a reference, so objects placed in it depend on it. */
  readonly namespaceName: string;
  /** Caps the CPU and memory limits and the pod count of the namespace. */
  readonly quota: ResourceQuotaV1;
  /** Default requests and limits, so pods without them still fit the quota. */
  readonly limitRange: LimitRangeV1;
  /** Denies all ingress to the namespace's pods unless another policy allows it. */
  readonly defaultDeny: NetworkPolicyV1;
  /** Binds the team's group to the `edit` ClusterRole in the namespace. */
  readonly roleBinding: RoleBindingV1;

  /** Creates the namespace and its quota, limit range, default-deny policy and role binding. */
  constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);
    const labels = { ...MANAGED_BY_LABELS, ...props.labels, [TEAM_LABEL]: props.name };
    const { team } = props;
    this.namespace = new NamespaceV1(this, 'namespace', { metadata: { name: props.name, labels } });
    this.namespaceName = this.namespace.metadata.name;
    const metadata = (name: string) => ({ name, namespace: this.namespaceName, labels });

    this.quota = new ResourceQuotaV1(this, 'quota', {
      metadata: metadata('team-quota'),
      spec: {
        hard: { 'limits.cpu': team.quota.cpu, 'limits.memory': team.quota.memory, pods: String(team.quota.pods) },
      },
    });
    this.limitRange = new LimitRangeV1(this, 'limit-range', {
      metadata: metadata('container-defaults'),
      spec: {
        limit: [
          {
            type: 'Container',
            default: { ...team.containerDefaults.limits },
            defaultRequest: { ...team.containerDefaults.requests },
          },
        ],
      },
    });
    // Ingress only: denying egress too would cut DNS; services open what they serve themselves.
    this.defaultDeny = new NetworkPolicyV1(this, 'default-deny', {
      metadata: metadata('default-deny-ingress'),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    this.roleBinding = new RoleBindingV1(this, 'role-binding', {
      metadata: metadata('team-edit'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subject: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: team.group }],
    });
  }
}
