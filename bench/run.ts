// `npm run bench`: this CLI, the floor (terraform by hand) and the cdktf CLI side by side (issue 7).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchEnv } from './env.js';
import { findMirror, pluginCacheRound, providerImport, synthOnce, type SynthSample } from './extras.js';
import { runLimit } from './limit.js';
import { describeMachine } from './machine.js';
import { timed } from './measure.js';
import { parsePlan, type SizePlan } from './plan.js';
import { createScaledProject, ROOT, type ScaledProject } from './project.js';
import { renderMarkdown, renderResults } from './report.js';
import { emptySize, type BenchResults, type SizeResults } from './results.js';
import { checkApplied, runCdktf, runFloor, runPipeline } from './scenarios.js';
import { measureOneChanged, measureStacks } from './stacks.js';
import { appCommand, compiledIsCurrent, startupRound, type StartupSample } from './startup.js';
import { secs } from './stats.js';

const NOTES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'notes.md');
const log = (line: string) => process.stderr.write(`${line}\n`);

const started = performance.now();
const plan = parsePlan(process.argv.slice(2));
if (plan.renderFile) {
  // Re-renders an earlier run (e.g. after editing bench/notes.md) without measuring again.
  publish(JSON.parse(readFileSync(plan.renderFile, 'utf8')) as BenchResults);
  process.exit(0);
}
const env = benchEnv();
const opts = { cwd: ROOT, env: env.vars };
try {
  const machine = await describeMachine(env.vars);
  log(
    `bench: ${machine.cpus} CPUs, ${machine.cpuModel}, load ${machine.loadAverage}; sizes ${plan.sizes.map((s) => s.resources).join(', ')}`,
  );
  let validation: BenchResults['validation'];
  const sizes: SizeResults[] = [];
  for (const size of plan.sizes) {
    const project = await createScaledProject(size.resources, env.vars);
    try {
      sizes.push(await measureSize(project, size));
      if (size.resources === 100 || (validation === undefined && size === plan.sizes[plan.sizes.length - 1])) {
        validation = await measureValidation(project);
      }
    } finally {
      project.remove();
    }
  }
  const kubernetesSynth: SynthSample[] = [];
  const providerImports: BenchResults['providerImports'] = { deep: [], barrel: [] };
  const startup = { compiled: compiledIsCurrent(), appCommand: appCommand(), samples: [] as StartupSample[] };
  for (let i = 0; i < plan.synthRounds; i++) {
    kubernetesSynth.push(await synthOnce(ROOT, 'pipeline', opts));
    providerImports.deep.push(await providerImport('deep', opts));
    providerImports.barrel.push(await providerImport('barrel', opts));
    startup.samples.push(await startupRound(opts));
  }
  log(`kubernetes synth: ${kubernetesSynth.map((s) => secs(s.synthMs)).join(' ')} s`);
  const mirror = findMirror(env.vars);
  let pluginCache: BenchResults['pluginCache'];
  if (mirror) {
    pluginCache = { provider: `${mirror.source} ${mirror.version}`, without: [], with: [] };
    for (let i = 0; i < 2; i++) {
      const round = await pluginCacheRound(mirror, opts);
      pluginCache.without.push(round.withoutMs);
      pluginCache.with.push(round.withMs);
    }
  }
  // Several stacks per environment: N=100 split over three stacks next to one stack, same rounds.
  const stacks = {
    ...(await measureStacks(100, plan.sizes[0]?.rounds ?? 3, env.vars, log)),
    oneChanged: await measureOneChanged(100, plan.sizes[0]?.rounds ?? 3, env.vars, log),
  };
  const results: BenchResults = {
    date: new Date().toISOString(),
    command: plan.command,
    machine,
    sizes,
    kubernetesSynth,
    ...(validation ? { validation } : {}),
    providerImports,
    startup,
    ...(pluginCache ? { pluginCache } : {}),
    stacks,
    totalMs: performance.now() - started,
  };
  if (plan.resultsFile) writeFileSync(plan.resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  publish(results);
  log(`bench: done in ${(results.totalMs / 60000).toFixed(1)} min`);
} finally {
  env.remove();
}

/** Prints the tables and writes BENCHMARKS.md with bench/notes.md appended. */
function publish(results: BenchResults): void {
  process.stdout.write(renderResults(results));
  if (!plan.out) return;
  writeFileSync(plan.out, renderMarkdown(results, existsSync(NOTES) ? readFileSync(NOTES, 'utf8') : ''));
  log(`wrote ${plan.out}`);
}

/** All rounds of one size: (a), (b), (c) in a rotating order, each clean then again with nothing to change. */
async function measureSize(p: ScaledProject, size: SizePlan): Promise<SizeResults> {
  const r = emptySize(size.resources);
  const record = JSON.stringify({
    version: 1,
    commit: p.commit,
    ref: 'refs/heads/main',
    trigger: 'main',
    time: new Date().toISOString(),
  });
  const cmd = { cwd: p.dir, env: env.vars };
  // Untimed warm-up: tsx's compile cache for main.ts and the page cache, as on any runner after the first job.
  await timed(
    'sh',
    ['-c', 'npx tsx main.ts && node_modules/.bin/cdktf-gitops --help && node_modules/.bin/cdktf --version'],
    cmd,
  );
  const tools = {
    a: async (round: number) => {
      p.reset();
      const clean = await runPipeline(p, cmd, { expect: 'ops:applied,apps:planned' });
      checkApplied(p);
      // The same commit again, planned in full: the work the floor (b) does.
      const full = { expect: 'ops:no-changes,apps:planned', args: ['--full'] };
      const noop = await runPipeline(p, cmd, full);
      r.aClean.push(clean.ms);
      r.aNoop.push(noop.ms);
      r.rssKb.push(clean.rssKb!, noop.rssKb!);
      const limit = await runLimit(p, cmd);
      r.limitNoop!.push(limit);
      let line = `(a) ${secs(clean.ms)} / ${secs(noop.ms)} (limit ${secs(limit)})`;
      if (size.initAlways) {
        const always = await runPipeline(p, cmd, { ...full, initAlways: true });
        r.aNoopInitAlways.push(always.ms);
        r.rssKb.push(always.rssKb!);
        line += ` / init always ${secs(always.ms)}`;
      }
      // Change detection: apps applies this commit (untimed), then main runs a commit that changes no stack.
      const tag = `apps-deploy-bench-${round}`;
      await p.git('tag', tag);
      await runPipeline(p, cmd, { ref: `refs/tags/${tag}`, expect: 'apps:applied,apps-prod:planned' });
      await p.git('commit', '-q', '--allow-empty', '-m', `round ${round}: nothing for terraform`);
      const unchanged = await runPipeline(p, cmd, { expect: 'ops:unchanged,apps:unchanged' });
      r.aUnchanged!.push(unchanged.ms);
      r.rssKb.push(unchanged.rssKb!);
      return `${line} / unchanged commit ${secs(unchanged.ms)}`;
    },
    b: async () => {
      p.reset();
      const clean = await runFloor(p, cmd, record);
      checkApplied(p);
      const noop = await runFloor(p, cmd, record);
      r.bClean.push(clean.ms);
      r.bNoop.push(noop.ms);
      r.bSynth.push(clean.synthMs, noop.synthMs);
      return `(b) ${secs(clean.ms)} / ${secs(noop.ms)}`;
    },
    c: async (round: number) => {
      if (round >= size.cdktfRounds) return '';
      p.reset();
      const clean = await runCdktf(p, cmd, record);
      checkApplied(p);
      r.cClean.push(clean.ms);
      if (round >= size.cdktfNoopRounds) return `(c) ${secs(clean.ms)}`;
      const noop = await runCdktf(p, cmd, record);
      r.cNoop.push(noop.ms);
      return `(c) ${secs(clean.ms)} / ${secs(noop.ms)}`;
    },
  };
  const names = ['a', 'b', 'c'] as const;
  for (let round = 0; round < size.rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    const parts: string[] = [];
    for (const name of order) parts.push(await tools[name](round));
    log(`N=${size.resources} round ${round + 1}/${size.rounds}: ${parts.filter(Boolean).join(', ')}`);
  }
  return r;
}

/** The fast path for cdktf's version validation, on the scaled project: pipeline vs none vs cdktf's own. */
async function measureValidation(p: ScaledProject): Promise<NonNullable<BenchResults['validation']>> {
  const v = {
    resources: p.resources,
    pipeline: [] as SynthSample[],
    eagerStacks: [] as SynthSample[],
    skip: [] as SynthSample[],
    cdktf: [] as SynthSample[],
  };
  for (let i = 0; i < 3; i++) {
    v.pipeline.push(await synthOnce(p.dir, 'pipeline', opts));
    v.eagerStacks.push(await synthOnce(p.dir, 'eager-stacks', opts));
    v.skip.push(await synthOnce(p.dir, 'skip', opts));
  }
  // One round: it spawns `terraform version` once per resource, ~10 s at N=100.
  v.cdktf.push(await synthOnce(p.dir, 'cdktf', opts));
  log(
    `validation (N=${p.resources}): pipeline ${secs(v.pipeline[0]!.synthMs)} s, skip ${secs(v.skip[0]!.synthMs)} s, cdktf ${secs(v.cdktf[0]!.synthMs)} s`,
  );
  return v;
}
