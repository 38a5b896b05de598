import { Testing, type App } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider/index.js';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1/index.js';
import { environments, environmentsDefinition } from '../../stacks/config.js';
import { defineEnvironments } from '../../stacks/environments/index.js';
import { DEPLOYMENT_RECORD_NAME } from '../../stacks/deployment-record.js';
import { KubernetesStack, kubernetesStacks } from '../../stacks/kubernetes-stack.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';

type Resources = Record<string, Record<string, Record<string, any>>>;

// Created at load time: the describe blocks synthesize while being collected, before any beforeAll.
const outdir = makeTempDir('k8s-stack-test-');
afterAll(() => removeDir(outdir));

function synthAll(envs = environments): Map<string, { json: string; resources: Resources }> {
  const app: App = Testing.app({ outdir });
  kubernetesStacks(envs)(app);
  const result = new Map<string, { json: string; resources: Resources }>();
  for (const child of app.node.children) {
    const json = Testing.synth(child as KubernetesStack);
    result.set(child.node.id, { json, resources: JSON.parse(json).resource });
  }
  return result;
}

/** The resource of `type` whose metadata name is `name`. */
function named(resources: Resources, type: string, name: string): Record<string, any> | undefined {
  return Object.values(resources[type] ?? {}).find((r) => r.metadata?.name === name);
}

describe('KubernetesStack with the default configuration', () => {
  const stacks = synthAll();
  const get = (env: string) => stacks.get(env)!;

  it('makes one stack per environment, named after it, in promotion order', () => {
    expect([...stacks.keys()]).toEqual(['ops', 'apps', 'apps-prod']);
  });

  it.each(['ops', 'apps', 'apps-prod'])('configures the %s provider with its own kubeconfig context', (env) => {
    expect(get(env).json).toHaveProviderWithProperties(KubernetesProvider, {
      config_path: '~/.kube/config',
      config_context: env,
    });
    expect(JSON.parse(get(env).json).provider.kubernetes).toHaveLength(1);
  });

  it('keeps the backend and the deployment record of an environment stack', () => {
    for (const env of stacks.keys()) {
      const json = JSON.parse(get(env).json);
      expect(json.terraform.backend.local.workspace_dir).toMatch(/\.terraform-state\/workspaces$/);
      expect(json.resource.terraform_data[DEPLOYMENT_RECORD_NAME]).toBeDefined();
    }
  });

  it('differs in replicas where the environments do', () => {
    const replicas = (env: string) => named(get(env).resources, 'kubernetes_deployment_v1', 'web')!.spec.replicas;
    expect(['ops', 'apps', 'apps-prod'].map(replicas)).toEqual(['1', '2', '3']);
  });

  it('differs in quotas where the environments do, and inherits the rest', () => {
    const quota = (env: string, ns: string) =>
      Object.values(get(env).resources.kubernetes_resource_quota_v1!).find((q) =>
        q.metadata.namespace.includes(`team-${ns}`),
      )!.spec.hard;
    expect(quota('ops', 'shop')).toEqual({ 'limits.cpu': '2', 'limits.memory': '4Gi', pods: '20' });
    expect(quota('apps', 'shop')).toEqual({ 'limits.cpu': '8', 'limits.memory': '16Gi', pods: '60' });
    expect(quota('apps-prod', 'shop')).toEqual({ 'limits.cpu': '32', 'limits.memory': '64Gi', pods: '200' });
    expect(quota('apps-prod', 'platform')).toEqual(quota('ops', 'platform'));
  });

  it('differs in hostnames, TLS and autoscaling where the environments do', () => {
    const ingress = (env: string) => named(get(env).resources, 'kubernetes_ingress_v1', 'web')!.spec;
    expect(['ops', 'apps', 'apps-prod'].map((env) => ingress(env).rule[0].host)).toEqual([
      'shop.ops.example.com',
      'shop.apps.example.com',
      'shop.example.com',
    ]);
    expect(ingress('apps').tls).toBeUndefined();
    expect(ingress('apps-prod').tls).toEqual([{ hosts: ['shop.example.com'], secret_name: 'shop-tls' }]);
    const hpa = (env: string) => named(get(env).resources, 'kubernetes_horizontal_pod_autoscaler_v2', 'web')?.spec;
    expect(hpa('ops')).toBeUndefined();
    expect([hpa('apps').min_replicas, hpa('apps').max_replicas]).toEqual([2, 4]);
    // apps-prod overrides min and max but inherits the CPU target from apps.
    expect(hpa('apps-prod')).toMatchObject({
      min_replicas: 3,
      max_replicas: 12,
      metric: [{ resource: { target: { average_utilization: 75 } } }],
    });
  });

  it('drops the echo service in apps-prod only (REMOVE)', () => {
    expect(named(get('apps').resources, 'kubernetes_deployment_v1', 'echo')).toBeDefined();
    expect(named(get('apps-prod').resources, 'kubernetes_deployment_v1', 'echo')).toBeUndefined();
    expect(named(get('apps-prod').resources, 'kubernetes_service_v1', 'echo')).toBeUndefined();
  });

  it('places services in their team namespace and labels everything with the environment', () => {
    const web = named(get('apps').resources, 'kubernetes_deployment_v1', 'web')!;
    expect(web.metadata.namespace).toMatch(
      /^\$\{kubernetes_namespace_v1\.team-shop_namespace_[\w]+\.metadata\[0\]\.name\}$/,
    );
    expect(web.metadata.labels).toMatchObject({
      'cdktf-gitops/environment': 'apps',
      'cdktf-gitops/team': 'shop',
      'cdktf-gitops/tier': 'external',
    });
    expect(get('ops').json).toHaveResourceWithProperties(NamespaceV1, {
      metadata: expect.objectContaining({
        name: 'shop',
        labels: expect.objectContaining({ 'cdktf-gitops/environment': 'ops', 'cdktf-gitops/tier': 'internal' }),
      }),
    });
  });
});

describe('KubernetesStack with other layouts', () => {
  it('makes two stacks for the two-environment layout', () => {
    const two = defineEnvironments({
      ...environmentsDefinition,
      environments: environmentsDefinition.environments.slice(0, 2),
    });
    const stacks = synthAll(two);
    expect([...stacks.keys()]).toEqual(['ops', 'apps']);
    expect(stacks.get('apps')!.json).toHaveProviderWithProperties(KubernetesProvider, { config_context: 'apps' });
  });

  it('refuses a service whose team is unknown', () => {
    const app = Testing.app({ outdir });
    const config = { ...environments.get('ops').config, teams: {} };
    expect(() => new KubernetesStack(app, 'ops', { config })).toThrow(
      'Service "web" in environment "ops" names unknown team "shop"',
    );
  });
});
