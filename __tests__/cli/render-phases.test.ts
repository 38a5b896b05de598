import { logFolder } from '../../pipeline/ci/index.js';
import { colorsFor, progressRenderer, type ProgressEvent, type ProgressOptions } from '../../pipeline/cli/render.js';
import { stage } from '../report/fixtures.js';
import { environmentItems, PLAN, renderAll, sourceOf, type Item } from './concurrent-events.js';

// Progress when the number of running units changes: a fold streaming when a second unit starts,
// lines of no unit, and a run of one unit at a time, which prints what it always printed.

describe('switching between one unit and several', () => {
  const ev = (event: ProgressEvent): Item => ({ kind: 'event', event });
  const out = (environment: string, line: string): Item => ({ kind: 'output', line, unit: { environment } });
  const planned = (environment: string) => stage({ environment, actions: PLAN, status: 'planned' });
  const render = (items: Item[], opts: ProgressOptions = {}) =>
    renderAll(items, progressRenderer({ folder: logFolder({ provider: 'github' }), ...opts })).flatMap((r) => r.lines);

  it('a fold streaming when a second unit starts closes; the rest of its output follows when its unit ends', () => {
    const lines = render([
      ev({ type: 'stage-start', environment: 'ops', actions: PLAN }),
      ev({ type: 'step-start', environment: 'ops', action: 'init' }),
      out('ops', 'Initializing the backend...'),
      ev({ type: 'stage-start', environment: 'apps', actions: PLAN }),
      out('ops', 'Terraform has been successfully initialized!'),
      ev({ type: 'step-start', environment: 'apps', action: 'init' }),
      out('apps', 'Initializing the backend...'),
      ev({ type: 'step-end', environment: 'ops', action: 'init', durationMs: 100, ok: true }),
      ev({ type: 'step-end', environment: 'apps', action: 'init', durationMs: 200, ok: false }),
      ev({ type: 'stage-end', stage: planned('ops') }),
      ev({ type: 'stage-end', stage: stage({ ...planned('apps'), status: 'failed' }) }),
      ev({ type: 'stage-start', environment: 'apps-prod', actions: PLAN }),
      ev({ type: 'step-start', environment: 'apps-prod', action: 'init' }),
      out('apps-prod', 'Initializing the backend...'),
      ev({ type: 'step-end', environment: 'apps-prod', action: 'init', durationMs: 100, ok: true }),
    ]);
    expect(lines).toEqual([
      '▶ ops: plan  (init → workspace-select → plan)',
      '::group::ops: terraform init',
      '    Initializing the backend...',
      '::endgroup::',
      '[apps] ▶ apps: plan  (init → workspace-select → plan)',
      '[ops]  ✓ init             0.1s',
      '[apps] ✗ init             0.2s',
      '::group::ops: terraform init',
      '==> terraform init (continued)',
      '    Terraform has been successfully initialized!',
      '::endgroup::',
      '[ops]  → ops: planned in 1.2s',
      '::group::apps: terraform init',
      '==> terraform init',
      '    Initializing the backend...',
      '::endgroup::',
      '[apps] ✗ apps failed: see above',
      '',
      '▶ apps-prod: plan  (init → workspace-select → plan)',
      '::group::apps-prod: terraform init',
      '    Initializing the backend...',
      '::endgroup::',
      '  ✓ init             0.1s',
    ]);
  });

  it('raw lines of no unit while several run: as they come locally, in a fold of their own in CI', () => {
    const local = progressRenderer();
    local({ type: 'stage-start', environment: 'ops', actions: PLAN });
    local({ type: 'stage-start', environment: 'apps', actions: PLAN });
    expect(local.output('{"@message":"Refreshing state..."}')).toEqual(['    Refreshing state...']);
    const lines = render([
      ev({ type: 'stage-start', environment: 'ops', actions: PLAN }),
      ev({ type: 'stage-start', environment: 'apps', actions: PLAN }),
      { kind: 'output', line: 'Refreshing state...' },
      out('apps', 'No changes.'),
      ev({ type: 'stage-end', stage: planned('apps') }),
      ev({ type: 'stage-end', stage: planned('ops') }),
    ]);
    expect(lines).toEqual([
      '▶ ops: plan  (init → workspace-select → plan)',
      '[apps] ▶ apps: plan  (init → workspace-select → plan)',
      '::group::apps: terraform output',
      '    No changes.',
      '::endgroup::',
      '[apps] → apps: planned in 1.2s',
      '[ops]  → ops: planned in 1.2s',
      '::group::terraform output of the concurrent units (not attributed)',
      '    Refreshing state...',
      '::endgroup::',
      '',
    ]);
  });

  it('flush prints what a unit that never ended still holds, once', () => {
    const renderer = progressRenderer({ folder: logFolder({ provider: 'github' }) });
    renderer({ type: 'stage-start', environment: 'ops', actions: PLAN });
    renderer({ type: 'stage-start', environment: 'apps', actions: PLAN });
    expect(renderer.output('Refreshing state...', { environment: 'apps' })).toEqual([]);
    expect(renderer.flush()).toEqual(['::group::apps: terraform output', '    Refreshing state...', '::endgroup::']);
    expect(renderer.flush()).toEqual([]);
  });

  it('a colored line keeps its colors after the unit in front', () => {
    const c = colorsFor({ FORCE_COLOR: '1' }, false);
    const renderer = progressRenderer({ colors: c });
    renderer({ type: 'stage-start', environment: 'ops', actions: PLAN });
    renderer({ type: 'stage-start', environment: 'apps', actions: PLAN });
    const [line] = renderer({ type: 'stage-end', stage: stage({ ...planned('apps'), status: 'failed' }) });
    expect(line).toBe(`${c.cyan('[apps]')} ${c.red('✗ apps failed: see above')}`);
  });
});

describe('one unit at a time prints what it always printed', () => {
  it('an environment whose stacks run one after the other: stack tags, per-step folds', () => {
    const sequential = environmentItems('ops', { actions: PLAN, status: 'planned' }).filter(
      (item) => item.kind === 'event' && !['dns', 'svc'].includes(sourceOf(item).split('/')[1] ?? ''),
    );
    const lines = renderAll(sequential, progressRenderer({ folder: logFolder({ provider: 'github' }) })).flatMap(
      (r) => r.lines,
    );
    expect(lines).toEqual([
      '▶ ops: plan  (init → workspace-select → plan)',
      '  ▸ stack net',
      '::group::ops/net: terraform init',
      '::endgroup::',
      '  ✓ [net] init             0.1s',
      '::group::ops/net: terraform workspace-select',
      '::endgroup::',
      '  ✓ [net] workspace-select 0.1s',
      '::group::ops/net: terraform plan',
      '::endgroup::',
      '  ✓ [net] plan             0.1s',
      '    [net] plan: 1 to add, 0 to change, 0 to destroy',
      '      + terraform_data.net',
      '  → ops/net: planned in 0.3s',
      '  → ops: planned in 1.2s',
      '',
    ]);
  });
});
