import { median, paired, ratio, secs, signedSecs, summary } from './stats.js';
import type { BenchResults, SizeResults } from './results.js';
import { COMMANDS } from './scenarios.js';
import { limitTargets, renderLimit } from './limit.js';
import { renderStacks } from './stacks.js';
import { renderStartup, startupTargets } from './startup.js';

/** One target of issue 7 and how this run did against it. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
  /** By how much a missed target was missed. */
  readonly miss?: string;
}

const md = (ms: readonly number[]) => median(ms);
const quotient = (x: readonly number[], y: readonly number[]) => paired(x, y, (a, b) => a / b);
const difference = (x: readonly number[], y: readonly number[]) => paired(x, y, (a, b) => a - b);
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

/** The tables `npm run bench` prints and writes into BENCHMARKS.md. */
export function renderResults(r: BenchResults): string {
  const out: string[] = [];
  out.push('### From a clean state (empty state, no `cdktf.out`)', '');
  out.push('| N | (a) this CLI | (b) floor | (c) cdktf CLI | (a)/(b) | (a)−(b) | (c)−(b) | ((a)−(b)) / ((c)−(b)) |');
  out.push('|---:|---|---|---|---:|---:|---:|---:|');
  for (const s of r.sizes) {
    const [ab, cb] = [difference(s.aClean, s.bClean), difference(s.cClean, s.bClean)];
    out.push(
      `| ${s.resources} | ${summary(s.aClean)} | ${summary(s.bClean)} | ${summary(s.cClean)} | ${ratio(quotient(s.aClean, s.bClean))} | ${signedSecs(ab)} | ${signedSecs(cb)} | ${ratio(ab / cb)} |`,
    );
  }
  out.push('', '### Nothing to change (the same run again)', '');
  out.push('| N | (a) this CLI | (a) init always | (b) floor | (c) cdktf CLI | (a)/(b) | (a)−(b) | (c)−(b) |');
  out.push('|---:|---|---|---|---|---:|---:|---:|');
  for (const s of r.sizes) {
    out.push(
      `| ${s.resources} | ${summary(s.aNoop)} | ${summary(s.aNoopInitAlways)} | ${summary(s.bNoop)} | ${summary(s.cNoop)} | ${ratio(quotient(s.aNoop, s.bNoop))} | ${signedSecs(difference(s.aNoop, s.bNoop))} | ${signedSecs(difference(s.cNoop, s.bNoop))} |`,
    );
  }
  out.push(
    '',
    'Times in seconds: median (min–max, n = rounds). Ratios and differences are medians of the per-round values (each round runs the tools back to back). (b) includes its synth command: ' +
      r.sizes.map((s) => `N=${s.resources}: ${secs(md(s.bSynth))} s`).join(', ') +
      '.',
  );
  out.push(...renderLimit(r));
  out.push('', "### Orchestrator peak RSS (this CLI's node process, terraform not included)", '');
  out.push('| N | median | max |', '|---:|---:|---:|');
  for (const s of r.sizes) out.push(`| ${s.resources} | ${mb(md(s.rssKb))} | ${mb(Math.max(...s.rssKb))} |`);
  out.push('', '### Synthesis and the fast paths', '');
  out.push('| measurement | median (min–max, n) |', '|---|---|');
  out.push(
    `| Kubernetes stacks (root project, 3 environments): synth, in-process as the pipeline does | ${summary(r.kubernetesSynth.map((x) => x.synthMs))} |`,
  );
  out.push(
    '| Kubernetes stacks: loading `main.ts` (esbuild bundle, cdktf, provider classes) before that | ' +
      `${summary(r.kubernetesSynth.map((x) => x.loadMs))} |`,
  );
  if (r.validation) {
    const v = r.validation;
    out.push(
      `| N=${v.resources} synth, pipeline (validations on, \`terraform version\` once) | ${summary(v.pipeline.map((x) => x.synthMs))} |`,
    );
    if (v.eagerStacks) {
      out.push(
        `| N=${v.resources} synth, pipeline with tokens' creation stacks formatted at once (cdktf's way) | ` +
          `${summary(v.eagerStacks.map((x) => x.synthMs))} |`,
      );
    }
    out.push(
      `| N=${v.resources} synth, \`skipValidation: true\` (no validations at all) | ${summary(v.skip.map((x) => x.synthMs))} |`,
    );
    out.push(
      `| N=${v.resources} synth, cdktf's validations as they come (\`terraform version\` per resource) | ${summary(v.cdktf.map((x) => x.synthMs))} |`,
    );
  }
  const p = r.providerImports;
  out.push(
    `| provider classes of the Kubernetes stacks, deep imports | ${summary(p.deep.map((x) => x.ms))}; RSS ${p.deep.map((x) => x.rssMb.toFixed(0)).join('/')} MB |`,
  );
  out.push(
    `| provider classes, the package barrel \`@cdktf/provider-kubernetes\` | ${summary(p.barrel.map((x) => x.ms))}; RSS ${p.barrel.map((x) => x.rssMb.toFixed(0)).join('/')} MB |`,
  );
  for (const s of r.sizes) {
    if (s.aNoopInitAlways.length > 0)
      out.push(
        `| N=${s.resources}, nothing to change: init reused vs \`CDKTF_GITOPS_INIT=always\` | ${secs(md(s.aNoop))} vs ${secs(md(s.aNoopInitAlways))} (paired ${signedSecs(difference(s.aNoop, s.aNoopInitAlways))}) |`,
      );
  }
  if (r.pluginCache) {
    const c = r.pluginCache;
    out.push(
      `| init of 2 stacks needing \`${c.provider}\` from a local mirror, no plugin cache | ${summary(c.without)} |`,
    );
    out.push(`| the same with a warm \`TF_PLUGIN_CACHE_DIR\` | ${summary(c.with)} |`);
  } else {
    out.push('| plugin cache | not measured: no local provider mirror (BENCH_PROVIDER_MIRROR) |');
  }
  out.push(...renderStartup(r.startup));
  out.push(...renderStacks(r.stacks));
  out.push('', '### Targets (issue 7)', '', '| target | measured | result |', '|---|---|---|');
  for (const t of checkTargets(r))
    out.push(`| ${t.target} | ${t.measured} | ${t.met ? 'met' : `**missed** by ${t.miss}`} |`);
  return `${out.join('\n')}\n`;
}

/** Issue 7's targets against this run's medians. */
export function checkTargets(r: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const s of r.sizes.filter((x) => x.resources >= 100)) {
    const q = quotient(s.aClean, s.bClean);
    checks.push({
      target: `(a)/(b) ≤ 1.05 at N=${s.resources} (clean state)`,
      measured: ratio(q),
      met: q <= 1.05,
      miss: `${ratio(q - 1.05)} (${secs((q - 1.05) * md(s.bClean))} s)`,
    });
  }
  for (const s of r.sizes.filter((x) => x.cClean.length > 0)) {
    const over = difference(s.aClean, s.bClean);
    const cdktf = difference(s.cClean, s.bClean);
    checks.push({
      target: `(a)−(b) ≤ ((c)−(b))/5 at N=${s.resources}`,
      measured: `${signedSecs(over)} s vs ${secs(cdktf / 5)} s`,
      met: over <= cdktf / 5,
      miss: `${secs(over - cdktf / 5)} s`,
    });
  }
  const synth = md(r.kubernetesSynth.map((x) => x.synthMs));
  checks.push({
    target: 'Kubernetes synth ≤ 1.0 s',
    measured: `${secs(synth)} s`,
    met: synth <= 1000,
    miss: `${secs(synth - 1000)} s`,
  });
  const rss = Math.max(...r.sizes.flatMap((s) => s.rssKb));
  checks.push({
    target: 'orchestrator peak RSS ≤ 250 MB',
    measured: mb(rss),
    met: rss <= 250 * 1024,
    miss: mb(rss - 250 * 1024),
  });
  if (r.sizes.length >= 2) {
    const first = r.sizes[0]!;
    const last = r.sizes[r.sizes.length - 1]!;
    const o = (s: SizeResults) => difference(s.aClean, s.bClean);
    const growth = o(last) - o(first);
    checks.push({
      target: `overhead flat: (a)−(b) at N=${last.resources} ≤ at N=${first.resources} + 0.5 s`,
      measured: `${signedSecs(o(first))} → ${signedSecs(o(last))} s`,
      met: growth <= 500,
      miss: `${secs(growth - 500)} s`,
    });
  }
  checks.push(...limitTargets(r));
  checks.push(...startupTargets(r.startup));
  return checks;
}

/** BENCHMARKS.md: the machine, versions, exact command, results, and the notes. */
export function renderMarkdown(r: BenchResults, notes: string): string {
  const m = r.machine;
  return [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${r.date}; the whole run took ${(r.totalMs / 60000).toFixed(1)} min. Do not edit the numbers by hand: re-run it.`,
    '',
    '## Machine and versions',
    '',
    `- ${m.cpus} CPUs, ${m.cpuModel}; ${m.memoryGiB} GiB memory; ${m.os}; load average at start ${m.loadAverage}`,
    `- node ${m.node}, terraform ${m.terraform}, cdktf ${m.cdktf}, cdktf-cli ${m.cdktfCli}`,
    `- command: \`${r.command}\``,
    '',
    '## What runs',
    '',
    'The provider-free example (`examples/terraform-data`) scaled to N `terraform_data` resources per environment, in a',
    'throwaway git repository with the local backend. Each round runs (a), (b) and (c) one after another, the order',
    'rotating between rounds; "clean" removes the state and `cdktf.out` first, "nothing to change" runs the same again.',
    '',
    `- (a) \`${COMMANDS.a}\``,
    `- (b) \`${COMMANDS.b}\``,
    `- (c) \`${COMMANDS.c}\``,
    '',
    '## Results',
    '',
    renderResults(r),
    notes.trim(),
    '',
  ].join('\n');
}
