import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing, TerraformRemoteState, Token, type App } from 'cdktf';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1/index.js';
import { HorizontalPodAutoscalerV2 } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2/index.js';
import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1/index.js';
import { LimitRangeV1 } from '@cdktf/provider-kubernetes/lib/limit-range-v1/index.js';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider/index.js';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1/index.js';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1/index.js';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1/index.js';
import { environmentStacks } from '../../pipeline/project/environment-stacks.js';
import { environments, environmentsDefinition } from '../../stacks/config.js';
import { DEPLOYMENT_RECORD_NAME } from '../../stacks/deployment-record.js';
import { defineEnvironments, type Environments } from '../../stacks/environments/index.js';
import type { KubernetesEnvironmentConfig } from '../../stacks/kubernetes-config.js';
import {
  KubernetesPlatformStack,
  KubernetesServicesStack,
  KubernetesStack,
  kubernetesStacks,
  type KubernetesStacksProps,
} from '../../stacks/kubernetes-stack.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';

type Resources = Record<string, Record<string, Record<string, any>>>;

/** One synthesized stack: its cdk.tf.json as text (for cdktf's matchers) and parsed. */
interface Synthesized {
  readonly json: string;
  readonly doc: {
    resource: Resources;
    provider: Record<string, any[]>;
    output?: Record<string, any>;
    data?: Record<string, any>;
    terraform: any;
  };
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) removeDir(dir);
});

/** Synthesizes the whole app (cross-stack references resolve only then) and reads every stack back. */
function synthAll(envs: Environments<KubernetesEnvironmentConfig> = environments, props: KubernetesStacksProps = {}) {
  const outdir = makeTempDir('k8s-stack-test-');
  dirs.push(outdir);
  const app: App = Testing.app({ outdir });
  kubernetesStacks(envs, props)(app);
  app.synth();
  const stacks = new Map<string, Synthesized>();
  for (const child of app.node.children) {
    const json = fs.readFileSync(path.join(outdir, 'stacks', child.node.id, 'cdk.tf.json'), 'utf8');
    stacks.set(child.node.id, { json, doc: JSON.parse(json) });
  }
  return { app, outdir, stacks, get: (id: string) => stacks.get(id)! };
}

/** The resource of `type` whose metadata name is `name`. */
function named(resources: Resources, type: string, name: string): Record<string, any> | undefined {
  return Object.values(resources[type] ?? {}).find((r) => r.metadata?.name === name);
}

const ENVS = ['ops', 'apps', 'apps-prod'];
const TERRAFORM_WORKSPACE = `\${terraform.workspace}`;

// Created at load time: the describe blocks synthesize while being collected, before any beforeAll.
describe('kubernetesStacks: a platform and a services stack per environment', () => {
  const { app, outdir, stacks, get } = synthAll();
  const platform = (env: string) => get(`${env}-platform`);
  const services = (env: string) => get(`${env}-services`);

  it('makes <env>-platform and <env>-services per environment, in promotion order', () => {
    expect([...stacks.keys()]).toEqual(ENVS.flatMap((env) => [`${env}-platform`, `${env}-services`]));
    expect(app.node.findChild('ops-platform')).toBeInstanceOf(KubernetesPlatformStack);
    expect(app.node.findChild('ops-services')).toBeInstanceOf(KubernetesServicesStack);
  });

  it('the pipeline sees both stacks of each environment, services depending on platform', () => {
    const found = environmentStacks(app, ENVS, outdir);
    for (const env of ENVS) {
      expect(found[env]!.map((s) => [s.name, s.named, s.id, s.dependsOn])).toEqual([
        ['platform', true, `${env}-platform`, []],
        ['services', true, `${env}-services`, ['platform']],
      ]);
    }
  });

  it.each(ENVS)('points both %s stacks at the environment’s own kubeconfig context', (env) => {
    for (const stack of [platform(env), services(env)]) {
      expect(stack.json).toHaveProviderWithProperties(KubernetesProvider, {
        config_path: '~/.kube/config',
        config_context: env,
      });
      expect(stack.doc.provider.kubernetes).toHaveLength(1);
    }
  });

  it('puts namespaces, quotas and limit ranges in platform, and the workloads in services', () => {
    for (const env of ENVS) {
      expect(platform(env).json).toHaveResource(NamespaceV1);
      expect(platform(env).json).toHaveResource(ResourceQuotaV1);
      expect(platform(env).json).toHaveResource(LimitRangeV1);
      expect(platform(env).json).not.toHaveResource(DeploymentV1);
      expect(platform(env).json).not.toHaveResource(IngressV1);
      expect(services(env).json).toHaveResource(DeploymentV1);
      expect(services(env).json).toHaveResource(ServiceV1);
      expect(services(env).json).toHaveResource(IngressV1);
      expect(services(env).json).not.toHaveResource(NamespaceV1);
      expect(services(env).json).not.toHaveResource(ResourceQuotaV1);
    }
    expect(services('apps').json).toHaveResource(HorizontalPodAutoscalerV2);
    expect(services('ops').json).not.toHaveResource(HorizontalPodAutoscalerV2);
  });

  it('the services stack’s namespaces are the platform namespace resource’s name attribute (a token)', () => {
    const stack = app.node.findChild('ops-services') as KubernetesServicesStack;
    const namespace = stack.platform.teams.shop!.namespaceName;
    expect(Token.isUnresolved(namespace)).toBe(true);
    expect(stack.platform).toBe(app.node.findChild('ops-platform'));
  });

  it.each(ENVS)('%s: platform outputs each namespace name, services reads it through terraform_remote_state', (env) => {
    const outputs = platform(env).doc.output ?? {};
    const namespaces = platform(env).doc.resource.kubernetes_namespace_v1!;
    const shopNamespace = Object.keys(namespaces).find((k) => namespaces[k]!.metadata.name === 'shop')!;
    const output = Object.keys(outputs).find(
      (k) => k.startsWith('cross-stack-output-') && outputs[k].value.includes(`.${shopNamespace}.`),
    );
    expect(output).toBeDefined();
    expect(outputs[output!].value).toBe(`\${kubernetes_namespace_v1.${shopNamespace}.metadata[0].name}`);

    expect(services(env).json).toHaveDataSource(TerraformRemoteState);
    expect(services(env).json).toHaveDataSourceWithProperties(TerraformRemoteState, {
      backend: 'local',
      // terraform's own interpolation: the platform state of the workspace the services stack runs in.
      workspace: TERRAFORM_WORKSPACE,
    });
    const remote = services(env).doc.data!.terraform_remote_state;
    const input = `cross-stack-reference-input-${env}-platform`;
    // The remote state reads the platform stack's own state, not the services stack's.
    expect(remote[input].config).toEqual(platform(env).doc.terraform.backend.local);
    expect(named(services(env).doc.resource, 'kubernetes_deployment_v1', 'web')!.metadata.namespace).toBe(
      `\${data.terraform_remote_state.${input}.outputs.${output}}`,
    );
  });

  it('keeps each stack’s state apart in the environment’s workspace, with a deployment record in each', () => {
    for (const env of ENVS) {
      for (const [name, stack] of [
        ['platform', platform(env)],
        ['services', services(env)],
      ] as const) {
        expect(stack.doc.terraform.backend.local.workspace_dir).toMatch(
          new RegExp(`\\.terraform-state/stacks/${name}/workspaces$`),
        );
        expect(stack.doc.resource.terraform_data[DEPLOYMENT_RECORD_NAME]).toBeDefined();
      }
    }
  });

  it('differs in replicas where the environments do', () => {
    const replicas = (env: string) =>
      named(services(env).doc.resource, 'kubernetes_deployment_v1', 'web')!.spec.replicas;
    expect(ENVS.map(replicas)).toEqual(['1', '2', '3']);
  });

  it('differs in quotas where the environments do, and inherits the rest', () => {
    const quota = (env: string, ns: string) =>
      Object.values(platform(env).doc.resource.kubernetes_resource_quota_v1!).find((q) =>
        q.metadata.namespace.includes(`team-${ns}`),
      )!.spec.hard;
    expect(quota('ops', 'shop')).toEqual({ 'limits.cpu': '2', 'limits.memory': '4Gi', pods: '20' });
    expect(quota('apps', 'shop')).toEqual({ 'limits.cpu': '8', 'limits.memory': '16Gi', pods: '60' });
    expect(quota('apps-prod', 'shop')).toEqual({ 'limits.cpu': '32', 'limits.memory': '64Gi', pods: '200' });
    expect(quota('apps-prod', 'platform')).toEqual(quota('ops', 'platform'));
  });

  it('differs in hostnames, TLS and autoscaling where the environments do', () => {
    const ingress = (env: string) => named(services(env).doc.resource, 'kubernetes_ingress_v1', 'web')!.spec;
    expect(ENVS.map((env) => ingress(env).rule[0].host)).toEqual([
      'shop.ops.example.com',
      'shop.apps.example.com',
      'shop.example.com',
    ]);
    expect(ingress('apps').tls).toBeUndefined();
    expect(ingress('apps-prod').tls).toEqual([{ hosts: ['shop.example.com'], secret_name: 'shop-tls' }]);
    const hpa = (env: string) =>
      named(services(env).doc.resource, 'kubernetes_horizontal_pod_autoscaler_v2', 'web')?.spec;
    expect(hpa('ops')).toBeUndefined();
    expect([hpa('apps').min_replicas, hpa('apps').max_replicas]).toEqual([2, 4]);
    // apps-prod overrides min and max but inherits the CPU target from apps.
    expect(hpa('apps-prod')).toMatchObject({
      min_replicas: 3,
      max_replicas: 12,
      metric: [{ resource: { target: { average_utilization: 75 } } }],
    });
  });

  it('drops the echo service in apps-prod only (REMOVE), and with it the read of the platform namespace', () => {
    expect(named(services('apps').doc.resource, 'kubernetes_deployment_v1', 'echo')).toBeDefined();
    expect(named(services('apps-prod').doc.resource, 'kubernetes_deployment_v1', 'echo')).toBeUndefined();
    expect(named(services('apps-prod').doc.resource, 'kubernetes_service_v1', 'echo')).toBeUndefined();
    // The platform team's namespace stays (teams are unchanged); only the shop namespace is read.
    expect(named(platform('apps-prod').doc.resource, 'kubernetes_namespace_v1', 'platform')).toBeDefined();
    const crossOutputs = (env: string) =>
      Object.keys(platform(env).doc.output ?? {}).filter((k) => k.startsWith('cross-stack-output-'));
    expect(crossOutputs('apps')).toHaveLength(2);
    expect(crossOutputs('apps-prod')).toHaveLength(1);
  });

  it('labels everything with the environment, and services with their team', () => {
    const web = named(services('apps').doc.resource, 'kubernetes_deployment_v1', 'web')!;
    expect(web.metadata.labels).toMatchObject({
      'cdktf-gitops/environment': 'apps',
      'cdktf-gitops/team': 'shop',
      'cdktf-gitops/tier': 'external',
    });
    expect(platform('ops').json).toHaveResourceWithProperties(NamespaceV1, {
      metadata: expect.objectContaining({
        name: 'shop',
        labels: expect.objectContaining({ 'cdktf-gitops/environment': 'ops', 'cdktf-gitops/tier': 'internal' }),
      }),
    });
  });
});

describe('kubernetesStacks with other layouts', () => {
  it('makes four stacks for the two-environment layout', () => {
    const two = defineEnvironments({
      ...environmentsDefinition,
      environments: environmentsDefinition.environments.slice(0, 2),
    });
    const { stacks, get } = synthAll(two);
    expect([...stacks.keys()]).toEqual(['ops-platform', 'ops-services', 'apps-platform', 'apps-services']);
    expect(get('apps-services').json).toHaveProviderWithProperties(KubernetesProvider, { config_context: 'apps' });
  });

  it("layout 'one-stack': one KubernetesStack per environment, state and addresses where round 1 had them", () => {
    const { app, stacks, get } = synthAll(environments, { layout: 'one-stack' });
    expect([...stacks.keys()]).toEqual(ENVS);
    expect(app.node.findChild('ops')).toBeInstanceOf(KubernetesStack);
    const ops = get('ops');
    expect(ops.json).toHaveResource(NamespaceV1);
    expect(ops.json).toHaveResource(DeploymentV1);
    expect(ops.json).not.toHaveDataSource(TerraformRemoteState);
    expect(ops.doc.terraform.backend.local.workspace_dir).toMatch(/\.terraform-state\/workspaces$/);
    expect(named(ops.doc.resource, 'kubernetes_deployment_v1', 'web')!.metadata.namespace).toMatch(
      /^\$\{kubernetes_namespace_v1\.team-shop_namespace_[\w]+\.metadata\[0\]\.name\}$/,
    );
  });

  it('the services stack depends on the platform stack even without any service (no reference then)', () => {
    const outdir = makeTempDir('k8s-stack-test-');
    dirs.push(outdir);
    const app = Testing.app({ outdir });
    const config = { ...environments.get('ops').config, services: {} };
    const platform = new KubernetesPlatformStack(app, 'ops', { config });
    new KubernetesServicesStack(app, 'ops', { config, platform });
    new KubernetesPlatformStack(app, 'apps', { config });
    app.synth();
    expect(environmentStacks(app, ['ops', 'apps'], outdir).ops!.map((s) => s.dependsOn)).toEqual([[], ['platform']]);
    const json = fs.readFileSync(path.join(outdir, 'stacks', 'ops-services', 'cdk.tf.json'), 'utf8');
    expect(json).not.toHaveDataSource(TerraformRemoteState);
  });
});

describe('Kubernetes stacks: bad input', () => {
  const outdir = makeTempDir('k8s-stack-test-');
  dirs.push(outdir);
  const config = environments.get('ops').config;

  it('KubernetesStack refuses a service whose team is unknown', () => {
    const app = Testing.app({ outdir });
    expect(() => new KubernetesStack(app, 'ops', { config: { ...config, teams: {} } })).toThrow(
      'Service "web" in environment "ops" names unknown team "shop" (teams: none)',
    );
    expect(app.node.children).toEqual([]);
  });

  it('KubernetesServicesStack refuses a service whose team its platform stack lacks, naming the teams it has', () => {
    const app = Testing.app({ outdir });
    const { shop: _shop, ...teams } = config.teams;
    const platform = new KubernetesPlatformStack(app, 'ops', { config: { ...config, teams } });
    expect(() => new KubernetesServicesStack(app, 'ops', { config, platform })).toThrow(
      'Service "web" in environment "ops" names unknown team "shop" (teams: platform)',
    );
    // Nothing half-built is left in the app.
    expect(app.node.children.map((c) => c.node.id)).toEqual(['ops-platform']);
  });

  it("KubernetesServicesStack refuses another environment's platform stack", () => {
    const app = Testing.app({ outdir });
    const platform = new KubernetesPlatformStack(app, 'ops', { config });
    expect(() => new KubernetesServicesStack(app, 'apps', { config, platform })).toThrow(
      'The services stack of environment "apps" needs that environment\'s platform stack, not "ops-platform"',
    );
  });
});
