import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { timed, type CommandOptions } from './measure.js';
import { ROOT } from './project.js';

const SYNTH_PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'synth-probe.ts');

/** One synth measurement in a fresh process: loading the project, and synthesizing it. */
export interface SynthSample {
  readonly loadMs: number;
  readonly synthMs: number;
}

/** Synthesizes `dir` in a fresh process as the pipeline does (`pipeline`), or with cdktf's validations as they come, or with none. */
export async function synthOnce(
  dir: string,
  mode: 'pipeline' | 'eager-stacks' | 'cdktf' | 'skip',
  opts: CommandOptions,
): Promise<SynthSample> {
  const r = await timed(process.execPath, ['--import', 'tsx', SYNTH_PROBE, dir, mode], { ...opts, cwd: ROOT });
  return JSON.parse(r.stdout) as SynthSample;
}

/** The Kubernetes stacks' provider classes: deep imports (what stacks/ does) or the package's barrel. */
export async function providerImport(
  kind: 'deep' | 'barrel',
  opts: CommandOptions,
): Promise<{ ms: number; rssMb: number }> {
  const deep = [
    'provider',
    'namespace-v1',
    'limit-range-v1',
    'resource-quota-v1',
    'network-policy-v1',
    'role-binding-v1',
    'deployment-v1',
    'service-v1',
    'ingress-v1',
    'horizontal-pod-autoscaler-v2',
  ];
  const load =
    kind === 'deep'
      ? deep.map((m) => `require('@cdktf/provider-kubernetes/lib/${m}/index.js');`).join('')
      : "require('@cdktf/provider-kubernetes');";
  const script = `require('cdktf');const t=performance.now();${load}process.stdout.write(JSON.stringify({ms:performance.now()-t,rssMb:process.memoryUsage().rss/1048576}))`;
  const r = await timed(process.execPath, ['-e', script], { ...opts, cwd: ROOT });
  return JSON.parse(r.stdout) as { ms: number; rssMb: number };
}

/** A provider in a local filesystem mirror, for the plugin cache measurement. */
export interface Mirror {
  readonly dir: string;
  readonly source: string;
  readonly version: string;
}

/** The first provider of `BENCH_PROVIDER_MIRROR` (or /opt/tf-plugins); undefined when there is none. */
export function findMirror(env: Record<string, string>): Mirror | undefined {
  const dir = env.BENCH_PROVIDER_MIRROR ?? '/opt/tf-plugins';
  const host = path.join(dir, 'registry.terraform.io');
  if (!existsSync(host)) return undefined;
  for (const ns of readdirSync(host)) {
    for (const type of readdirSync(path.join(host, ns))) {
      const version = readdirSync(path.join(host, ns, type))[0];
      if (version) return { dir, source: `${ns}/${type}`, version };
    }
  }
  return undefined;
}

/**
 * Two stacks requiring the mirror's provider, initialized from scratch: without a plugin cache
 * each gets its own copy; with a (warm) TF_PLUGIN_CACHE_DIR both link the cached one.
 */
export async function pluginCacheRound(
  mirror: Mirror,
  opts: CommandOptions,
): Promise<{ withoutMs: number; withMs: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdktf-gitops-bench-plugins-'));
  try {
    const rc = path.join(dir, 'terraformrc');
    writeFileSync(
      rc,
      `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror.dir)}\n  }\n}\n`,
    );
    const [ns, type] = mirror.source.split('/') as [string, string];
    const stacks = ['ops', 'apps'].map((env) => {
      const stack = path.join(dir, env);
      mkdirSync(stack);
      writeFileSync(
        path.join(stack, 'main.tf.json'),
        JSON.stringify({
          terraform: { required_providers: { [type]: { source: `${ns}/${type}`, version: mirror.version } } },
        }),
      );
      return stack;
    });
    const cache = path.join(dir, 'plugin-cache');
    mkdirSync(cache);
    const initAll = async (extra: Record<string, string>) => {
      const t0 = performance.now();
      for (const stack of stacks) {
        rmSync(path.join(stack, '.terraform'), { recursive: true, force: true });
        await timed('terraform', ['init', '-input=false'], {
          cwd: stack,
          env: { ...opts.env, TF_CLI_CONFIG_FILE: rc, ...extra },
        });
      }
      return performance.now() - t0;
    };
    await initAll({ TF_PLUGIN_CACHE_DIR: cache }); // warms the cache, as an earlier run on the same runner would
    const withoutMs = await initAll({});
    const withMs = await initAll({ TF_PLUGIN_CACHE_DIR: cache });
    return { withoutMs, withMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
