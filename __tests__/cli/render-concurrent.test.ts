import { logFolder, type LogFolder } from '../../pipeline/ci/index.js';
import { progressRenderer, type ProgressEvent } from '../../pipeline/cli/render.js';
import { DRIFT_WORDS } from '../../pipeline/cli/render-drift.js';
import {
  ENVIRONMENTS,
  driftItems,
  mainRunItems,
  PLAN,
  previewItems,
  rawLine,
  renderAll,
  sourceOf,
  type Item,
} from './concurrent-events.js';

// Progress of units (environments, stacks) that run concurrently: every line names its unit and CI
// folds never interleave (render-phases.test.ts: the switch between one unit and several).

const TAGGED = /^\[([^\]]+)\] +\S/;

/** The index of the first item matching `match`. */
function indexOf(items: readonly Item[], match: (e: ProgressEvent) => boolean): number {
  const i = items.findIndex((item) => item.kind === 'event' && match(item.event));
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
}

/**
 * Every line printed by the items in [from, to] names the unit of the item that printed it; the
 * only other line is the blank one that may end the phase.
 */
function expectAttributed(rendered: { item: Item; lines: string[] }[], from: number, to: number): void {
  const lines = rendered.slice(from, to + 1).flatMap(({ item, lines }) => lines.map((line) => ({ item, line })));
  if (lines.at(-1)?.line === '') lines.pop();
  for (const { item, line } of lines) expect([line, TAGGED.exec(line)?.[1]]).toEqual([line, sourceOf(item)]);
  expect(lines.length).toBeGreaterThan((to - from) / 2);
}

/** The folds of a CI log: each title with the lines inside it; fails on a fold opened while one is open. */
function foldsOf(lines: readonly string[], folder: 'github' | 'gitlab'): { title: string; body: string[] }[] {
  const opens = folder === 'github' ? /^::group::(.*)$/ : /section_start:\d+:([\w.-]+)\[collapsed=true\]\r.\[0K(.*)$/;
  const closes = folder === 'github' ? /^::endgroup::$/ : /section_end:\d+:([\w.-]+)\r/;
  const folds: { title: string; id: string; body: string[] }[] = [];
  let open: { title: string; id: string; body: string[] } | undefined;
  for (const line of lines) {
    const start = opens.exec(line);
    const end = closes.exec(line);
    if (start) {
      expect(open).toBeUndefined();
      open =
        folder === 'github' ? { title: start[1]!, id: '', body: [] } : { title: start[2]!, id: start[1]!, body: [] };
    } else if (end) {
      expect(open).toBeDefined();
      if (folder === 'gitlab') expect(end[1]).toBe(open!.id);
      folds.push(open!);
      open = undefined;
    } else open?.body.push(line);
  }
  expect(open).toBeUndefined();
  return folds;
}

describe('plan --all of 3 environments × 3 stacks (net, svc after net, dns)', () => {
  const items = previewItems();

  it('every line from the second unit on names its unit; only the first header reads as today', () => {
    const rendered = renderAll(items, progressRenderer());
    expect(rendered[0]!.lines).toEqual(['▶ ops: plan  (init → workspace-select → plan)']);
    // apps starts while ops runs: the phase is concurrent until every environment has ended.
    expect(rendered[1]!.lines).toEqual(['[apps] ▶ apps: plan  (init → workspace-select → plan)']);
    expectAttributed(rendered, 1, items.length - 1);
    expect(rendered.at(-1)!.lines.at(-1)).toBe(''); // the phase is over: one blank line, as after a stage
  });

  it('each step line (init, workspace-select, plan) names its environment and stack, once each', () => {
    const lines = renderAll(items, progressRenderer()).flatMap((r) => r.lines);
    const steps = lines.filter((l) => / [✓✗] (init|workspace-select|plan) /.test(l));
    const named = steps.map((l) => /^\[([\w-]+)\/(net|svc|dns)\] +✓ ([\w-]+) +0\.1s$/.exec(l)?.slice(1).join(' '));
    const expected = ENVIRONMENTS.flatMap((e) =>
      ['net', 'svc', 'dns'].flatMap((s) => PLAN.map((a) => `${e} ${s} ${a}`)),
    );
    expect(named.sort()).toEqual(expected.sort());
  });

  it('plan summaries, resource lines and outcomes name their unit too', () => {
    const lines = renderAll(items, progressRenderer()).flatMap((r) => r.lines);
    expect(lines).toContain('[apps-prod/svc]   plan: 1 to add, 0 to change, 0 to destroy');
    expect(lines).toContain('[apps-prod/svc]     + terraform_data.svc');
    expect(lines).toContain('[apps/svc]      → apps/svc: planned in 0.3s');
    expect(lines).toContain('[ops/dns]       ▸ stack dns');
    expect(lines).toContain('[apps-prod/svc] ▸ stack svc (after net)');
    // Each unit's planned changes stay its own, however the plans interleave.
    expect(lines.filter((l) => /\+ terraform_data\.net$/.test(l)).map((l) => TAGGED.exec(l)?.[1])).toEqual([
      'ops/net',
      'apps/net',
      'apps-prod/net',
    ]);
  });

  it('--verbose locally: raw terraform lines name their unit', () => {
    const rendered = renderAll(items, progressRenderer());
    const raw = rendered.filter((r) => r.item.kind === 'output').flatMap((r) => r.lines);
    expect(raw).toHaveLength(27);
    expect(raw).toContain(`[apps/dns]        ${rawLine('apps/dns', 'plan')}`);
  });

  it.each(['github', 'gitlab'] as const)('in CI (%s): one whole fold per unit, never two open at once', (ci) => {
    let ms = 1_700_000_000_000;
    const now = () => ms;
    const folder: LogFolder = logFolder({ provider: ci }, now);
    const render = progressRenderer({ folder, now });
    const lines = items.flatMap((item) => {
      ms += 1000;
      return item.kind === 'event' ? render(item.event) : render.output(item.line, item.unit);
    });
    const folds = foldsOf(lines, ci);
    const units = ENVIRONMENTS.flatMap((e) => ['net', 'svc', 'dns'].map((s) => `${e}/${s}`));
    expect(folds.map((f) => f.title.split(':')[0]).sort()).toEqual([...units].sort());
    for (const fold of folds) {
      const unit = fold.title.split(':')[0]!;
      expect(fold.title).toBe(`${unit}: terraform init → workspace-select → plan`);
      expect(fold.body).toEqual(PLAN.flatMap((a) => [`==> terraform ${a}`, `    ${rawLine(unit, a)}`]));
    }
    // Outside the folds: progress lines only, each naming its unit.
    const outside = lines.filter((l) => !/::group::|::endgroup::|section_|==> |raw /.test(l) && l !== '');
    expect(outside.slice(1).every((l) => TAGGED.test(l))).toBe(true);
    if (ci === 'gitlab') {
      // A held section is dated from its unit's start, so GitLab shows the unit's time, not zero.
      const spans = lines.flatMap((l) => /section_(start|end):(\d+):/.exec(l)?.[2] ?? []).map(Number);
      for (let i = 0; i < spans.length; i += 2) expect(spans[i]!).toBeLessThan(spans[i + 1]!);
    }
  });
});

describe('run on main: ops applies its stacks, then apps (held back until ops ended) plans its own', () => {
  const items = mainRunItems();

  it('each environment is a phase of its own: a header as today, then lines that name their unit', () => {
    const rendered = renderAll(items, progressRenderer());
    const opsDns = indexOf(items, (e) => e.type === 'stack-start' && e.environment === 'ops' && e.stack === 'dns');
    const opsEnd = indexOf(items, (e) => e.type === 'stage-end' && e.stage.environment === 'ops');
    const appsDns = indexOf(items, (e) => e.type === 'stack-start' && e.environment === 'apps' && e.stack === 'dns');
    expect(rendered.slice(0, opsDns).flatMap((r) => r.lines)).toEqual([
      '▶ ops: plan + apply  (init → workspace-select → plan → apply)',
      '  ▸ stack net',
    ]);
    expectAttributed(rendered, opsDns, opsEnd);
    expect(rendered[opsEnd]!.lines.at(-1)).toBe('');
    expect(rendered[opsEnd + 1]!.lines).toEqual(['▶ apps: plan  (init → workspace-select → plan)']);
    expect(rendered.slice(opsEnd + 2, appsDns).flatMap((r) => r.lines)).toEqual(['  ▸ stack net']);
    expectAttributed(rendered, appsDns, items.length - 1);
  });

  it('checks, warnings and resource progress during apply name their unit', () => {
    const lines = renderAll(items, progressRenderer()).flatMap((r) => r.lines);
    expect(lines).toContain("[ops/svc]   ✓ policy 'opa' passed");
    expect(lines).toContain('[ops/svc] WARNING: destroy approved by --allow-destroy');
    expect(lines).toContain('[ops/dns]   … terraform_data.dns: create still running (10s)');
    expect(lines).toContain('[ops/net] ✓ apply            0.1s');
  });
});

describe('drift: progress per environment and stack, as run prints it', () => {
  const drifted = (e: string): Item => ({
    kind: 'event',
    event: { type: 'warning', environment: e, message: `${e}: has drifted from 0123456789ab: 3 to add` },
  });
  const items = driftItems();

  it('headers and outcomes in the words of a drift check; every line names its unit', () => {
    const rendered = renderAll(items, progressRenderer({ words: DRIFT_WORDS }));
    const lines = rendered.flatMap((r) => r.lines);
    expect(lines[0]).toBe('▶ ops: drift check  (init → workspace-select → plan)');
    expect(lines).toContain('[apps-prod] ▶ apps-prod: drift check  (init → workspace-select → plan)');
    expect(lines).toContain('[ops/net]       → ops/net: DRIFT in 0.3s');
    expect(lines).toContain('[apps/svc]      → apps/svc: no drift in 0.3s');
    expect(lines).toContain('[apps]          → apps: no drift in 1.2s');
    expectAttributed(rendered, 1, items.length - 1);
  });

  it('--quiet stays quiet: only the warnings, each naming its environment while others run', () => {
    // Each drifted environment's warning comes when its own check ends (ops before apps-prod).
    const withWarnings = items.flatMap((item) => {
      const e = item.kind === 'event' && item.event.type === 'stage-end' ? item.event.stage.environment : '';
      return e === 'ops' || e === 'apps-prod' ? [item, drifted(e)] : [item];
    });
    const events = withWarnings.filter((item) => item.kind === 'event'); // --quiet alone prints no raw output
    const lines = renderAll(events, progressRenderer({ words: DRIFT_WORDS, quiet: true })).flatMap((r) => r.lines);
    expect(lines).toEqual([
      '[ops] WARNING: ops: has drifted from 0123456789ab: 3 to add',
      'WARNING: apps-prod: has drifted from 0123456789ab: 3 to add', // the last check: no other unit runs
    ]);
  });
});
