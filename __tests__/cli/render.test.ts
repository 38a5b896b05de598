import { logFolder } from '../../pipeline/ci/index.js';
import {
  colorEnabled,
  colorsFor,
  plain,
  progressRenderer,
  renderExplain,
  renderRun,
  renderStages,
  renderStatus,
  verboseLine,
} from '../../pipeline/cli/render.js';
import type { PipelineEvent } from '../../pipeline/model.js';
import { planStage, record, run, SHA, stage } from '../report/fixtures.js';

const ESC = '\u001b[';
const ENVS = ['ops', 'apps', 'apps-prod'];

describe('colorEnabled: NO_COLOR, FORCE_COLOR, TTY', () => {
  it.each([
    ['a TTY', {}, true, true],
    ['a pipe', {}, false, false],
    ['NO_COLOR on a TTY', { NO_COLOR: '1' }, true, false],
    ['empty NO_COLOR on a TTY (unset per no-color.org)', { NO_COLOR: '' }, true, true],
    ['FORCE_COLOR on a pipe', { FORCE_COLOR: '1' }, false, true],
    ['empty FORCE_COLOR on a pipe (as in Node)', { FORCE_COLOR: '' }, false, true],
    ['FORCE_COLOR=0 on a TTY', { FORCE_COLOR: '0' }, true, false],
    ['FORCE_COLOR=false on a TTY', { FORCE_COLOR: 'false' }, true, false],
    ['NO_COLOR and FORCE_COLOR (NO_COLOR wins, as in picocolors)', { NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
    ['TERM=dumb on a TTY', { TERM: 'dumb' }, true, false],
    ['CI on a pipe (CI logs render ANSI)', { CI: 'true' }, false, true],
  ])('%s', (_name, env, tty, enabled) => {
    expect(colorEnabled(env, tty)).toBe(enabled);
  });
});

describe('ANSI escapes follow the colors chosen', () => {
  const events: PipelineEvent[] = [
    { type: 'stage-start', environment: 'ops', actions: ['init', 'plan', 'apply'] },
    { type: 'step-end', environment: 'ops', action: 'plan', durationMs: 10, ok: true },
    { type: 'stage-end', stage: stage() },
  ];
  const outputs = (env: NodeJS.ProcessEnv, tty: boolean) => {
    const c = colorsFor(env, tty);
    const progress = progressRenderer({ colors: c });
    return [
      renderRun(run(), { colors: c, environments: ENVS }),
      renderExplain({ ref: 'refs/heads/main', trigger: 'main', stages: [] }, c),
      ...events.flatMap(progress),
    ].join('\n');
  };

  it.each([
    ['NO_COLOR on a TTY', { NO_COLOR: '1' }, true, false],
    ['FORCE_COLOR on a pipe', { FORCE_COLOR: '1' }, false, true],
    ['a TTY', {}, true, true],
    ['a pipe', {}, false, false],
  ])('%s', (_name, env, tty, escapes) => {
    expect(outputs(env, tty).includes(ESC)).toBe(escapes);
  });

  it('plain is the default of every renderer', () => {
    const text = [
      renderRun(run()),
      renderStages([stage({ status: 'failed' })]),
      renderStatus([{ environment: 'ops', workspace: 'ops', exists: false }]),
    ].join('');
    expect(text).not.toContain(ESC);
    expect(plain.red('x')).toBe('x');
  });
});

describe('renderRun and renderStages', () => {
  const cells = (text: string, env: string) =>
    text
      .split('\n')
      .find((l) => l.includes(` ${env} `))!
      .split('│')
      .map((c) => c.trim())
      .filter(Boolean);

  it('one row per environment: action, result, add/change/destroy, time', () => {
    const text = renderStages([
      stage({ changes: { add: 2, change: 1, destroy: 3 } }),
      planStage({ status: 'skipped', durationMs: 0 }),
    ]);
    expect(cells(text, 'ops')).toEqual(['ops', 'plan + apply', 'applied', '2', '1', '3', '1.2s']);
    expect(cells(text, 'apps')).toEqual(['apps', 'plan', 'skipped', '0', '0', '0']);
  });

  it('a successful main run names ref, commit and status, and ends with the promotion command', () => {
    const text = renderRun(run(), { environments: ENVS, now: new Date('2026-11-28T15:30:12Z') });
    expect(text.split('\n')[0]).toBe(`refs/heads/main at ${SHA.slice(0, 12)} (main): succeeded in 3.5s`);
    expect(text).toContain(
      `Next: promote ${SHA.slice(0, 12)} to apps:\n  git tag apps-deploy-20261128-153012 ${SHA} && git push origin apps-deploy-20261128-153012\n`,
    );
  });

  it.each([
    ['failed', run({ status: 'failed', message: 'ops: boom' }), 'ops: boom'],
    [
      'refused',
      run({
        status: 'refused',
        trigger: 'deploy-tag',
        message: 'not on main',
        gate: { passed: false, overridden: false, message: 'not on main' },
      }),
      'promotion gate refused: not on main',
    ],
    [
      'overridden',
      run({ trigger: 'deploy-tag', gate: { passed: false, overridden: true, message: 'not on main' } }),
      'promotion gate FAILED, OVERRIDDEN: not on main',
    ],
    [
      'nothing to do',
      run({ status: 'nothing-to-do', trigger: 'none', stages: [], message: "tag 'v1' matches no deploy tag pattern" }),
      "tag 'v1' matches no deploy tag pattern",
    ],
  ])('%s: says why, with no promotion hint', (_name, r, why) => {
    const text = renderRun(r, { environments: ENVS });
    expect(text).toContain(why);
    expect(text).not.toContain('git tag');
  });

  it('status shows the "by" column only when some apply ran in CI', () => {
    const rec = record();
    expect(renderStatus([{ environment: 'ops', workspace: 'ops', exists: true, record: rec }])).not.toContain(' by ');
    expect(
      renderStatus([{ environment: 'ops', workspace: 'ops', exists: true, record: { ...rec, actor: 'octocat' } }]),
    ).toMatch(/ by .*\n.*octocat/s);
  });
});

describe('progressRenderer', () => {
  const stageEvents = (extra: PipelineEvent[] = []): PipelineEvent[] => [
    { type: 'synth', durationMs: 300 },
    { type: 'stage-start', environment: 'ops', actions: ['init', 'workspace-select', 'plan', 'apply'] },
    { type: 'step-start', environment: 'ops', action: 'init' },
    { type: 'step-end', environment: 'ops', action: 'init', durationMs: 120, ok: true },
    { type: 'step-start', environment: 'ops', action: 'plan' },
    {
      type: 'terraform',
      environment: 'ops',
      event: { type: 'planned-change', address: 'terraform_data.web', action: 'create' },
    },
    {
      type: 'terraform',
      environment: 'ops',
      event: { type: 'planned-change', address: 'terraform_data.cdktf_gitops_deployment', action: 'create' },
    },
    {
      type: 'terraform',
      environment: 'ops',
      event: { type: 'planned-change', address: 'terraform_data.db', action: 'replace' },
    },
    {
      type: 'terraform',
      environment: 'ops',
      event: { type: 'planned-change', address: 'terraform_data.same', action: 'noop' },
    },
    { type: 'plan-summary', environment: 'ops', changes: { add: 2, change: 0, destroy: 1 }, hasChanges: true },
    { type: 'step-end', environment: 'ops', action: 'plan', durationMs: 2345, ok: true },
    ...extra,
    { type: 'stage-end', stage: stage({ durationMs: 3000 }) },
  ];

  it('a header per stage, each step with its time, the changes under the plan, the outcome', () => {
    const lines = stageEvents().flatMap(progressRenderer());
    expect(lines).toEqual([
      'synthesized in 0.3s',
      '▶ ops: plan + apply  (init → workspace-select → plan → apply)',
      '  ✓ init             0.1s',
      '  ✓ plan             2.3s',
      '    plan: 2 to add, 0 to change, 1 to destroy',
      '      + terraform_data.web',
      '      -/+ terraform_data.db',
      '  → ops: applied in 3.0s',
      '',
    ]);
  });

  it('prints a summary that arrives after the plan step right away', () => {
    const render = progressRenderer();
    render({ type: 'step-start', environment: 'apps', action: 'plan' });
    render({ type: 'step-end', environment: 'apps', action: 'plan', durationMs: 1, ok: true });
    expect(
      render({
        type: 'plan-summary',
        environment: 'apps',
        changes: { add: 0, change: 0, destroy: 0 },
        hasChanges: false,
      }),
    ).toEqual(['    plan: no changes']);
  });

  it('says when only outputs or the record change', () => {
    const render = progressRenderer();
    expect(
      render({
        type: 'plan-summary',
        environment: 'apps',
        changes: { add: 0, change: 0, destroy: 0 },
        hasChanges: true,
      }),
    ).toEqual(['    plan: no resource changes (outputs or the deployment record only)']);
  });

  it('caps the listed changes', () => {
    const render = progressRenderer({ maxChanges: 2 });
    for (const n of [1, 2, 3, 4])
      render({
        type: 'terraform',
        environment: 'ops',
        event: { type: 'planned-change', address: `a.r${n}`, action: 'delete' },
      });
    expect(
      render({
        type: 'plan-summary',
        environment: 'ops',
        changes: { add: 0, change: 0, destroy: 4 },
        hasChanges: true,
      }).slice(1),
    ).toEqual(['      - a.r1', '      - a.r2', '      … and 2 more']);
  });

  it('reports slow and failed resources during apply, not the record', () => {
    const render = progressRenderer();
    const apply = (address: string, phase: 'progress' | 'errored' | 'complete') =>
      render({
        type: 'terraform',
        environment: 'ops',
        event: { type: 'apply-progress', address, action: 'create', phase, elapsedSeconds: 10 },
      });
    expect(apply('a.slow', 'progress')).toEqual(['    … a.slow: create still running (10s)']);
    expect(apply('a.bad', 'errored')).toEqual(['    ✗ a.bad: create failed']);
    expect(apply('a.ok', 'complete')).toEqual([]);
    expect(apply('terraform_data.cdktf_gitops_deployment', 'progress')).toEqual([]);
  });

  it('a failed stage says why', () => {
    const lines = progressRenderer()({
      type: 'stage-end',
      stage: stage({ status: 'failed', error: { message: 'Error acquiring the state lock', diagnostics: [] } }),
    });
    expect(lines[0]).toBe('  ✗ ops failed: Error acquiring the state lock');
  });

  it('the gate: a pass is progress, a refusal is left to the result', () => {
    const render = progressRenderer();
    expect(render({ type: 'gate', result: { passed: true, overridden: false, message: 'abc is on main' } })).toEqual([
      'promotion gate passed: abc is on main',
    ]);
    expect(render({ type: 'gate', result: { passed: false, overridden: false, message: 'no' } })).toEqual([]);
  });

  it('--quiet: only warnings', () => {
    const render = progressRenderer({ quiet: true });
    expect(stageEvents().flatMap(render)).toEqual([]);
    expect(render({ type: 'warning', message: 'PROMOTION GATE OVERRIDDEN: x' })).toEqual([
      'WARNING: PROMOTION GATE OVERRIDDEN: x',
    ]);
  });

  it("in CI with --verbose, folds each step's raw output and keeps the progress lines outside", () => {
    const lines = stageEvents().flatMap(progressRenderer({ folder: logFolder({ provider: 'github' }) }));
    expect(lines.slice(1, 8)).toEqual([
      '▶ ops: plan + apply  (init → workspace-select → plan → apply)',
      '::group::ops: terraform init',
      '::endgroup::',
      '  ✓ init             0.1s',
      '::group::ops: terraform plan',
      '::endgroup::',
      '  ✓ plan             2.3s',
    ]);
    expect(lines[8]).toBe('    plan: 2 to add, 0 to change, 1 to destroy');
  });
});

describe('verboseLine', () => {
  it.each([
    ['Initializing the backend...', 'Initializing the backend...'],
    [
      '{"@level":"info","@message":"terraform_data.web: Plan to create","type":"planned_change"}',
      'terraform_data.web: Plan to create',
    ],
    [
      '{"@level":"error","@message":"Error: Invalid value","diagnostic":{"detail":"must be a string"},"type":"diagnostic"}',
      'Error: Invalid value: must be a string',
    ],
    ['{"no":"message"}', '{"no":"message"}'],
    ['{not json', '{not json'],
  ])('%s → %s', (line, shown) => {
    expect(verboseLine(line)).toBe(shown);
  });
});
