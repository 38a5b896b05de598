import { runToMarkdown, SUMMARY_LIMIT } from '../../pipeline/report/markdown.js';
import type { RunResult } from '../../pipeline/model.js';
import type { ResourceChange } from '../../pipeline/terraform/index.js';
import { changes, planStage, run, SHA, stage } from './fixtures.js';

const ENVS = ['ops', 'apps', 'apps-prod'];
const NOW = new Date('2026-11-28T15:30:12.345Z');
const md = (r: RunResult, opts: Parameters<typeof runToMarkdown>[1] = {}) =>
  runToMarkdown(r, { environments: ENVS, now: NOW, ...opts });
const lines = (text: string) => text.split('\n');

describe('runToMarkdown: headline, ref and commit', () => {
  it.each([
    ['succeeded', '## cdktf-gitops: ✅ succeeded'],
    ['failed', '## cdktf-gitops: ❌ FAILED'],
    ['refused', '## cdktf-gitops: ⛔ refused by the promotion gate'],
    ['nothing-to-do', '## cdktf-gitops: nothing to do'],
  ] as const)('status %s → %s', (status, headline) => {
    expect(lines(md(run({ status })))[0]).toBe(headline);
  });

  it('names the ref, the full commit and the trigger', () => {
    expect(md(run())).toContain(`\`refs/heads/main\` at \`${SHA}\` · trigger: main · 3.5s`);
  });

  it('quotes the message of a refused run, escaping HTML outside code spans', () => {
    const text = md(run({ status: 'refused', trigger: 'deploy-tag', message: 'not on <main>: run `git fetch <x>`' }));
    expect(text).toContain('> not on &lt;main&gt;: run `git fetch <x>`');
  });
});

describe('runToMarkdown: one table row per environment', () => {
  it.each([
    [
      'applied',
      stage({ changes: { add: 2, change: 1, destroy: 0 } }),
      '| ops | plan + apply | ✅ applied | 2 | 1 | 0 | 1.2s |',
    ],
    [
      'planned',
      planStage({ changes: { add: 3, change: 0, destroy: 0 } }),
      '| apps | plan | 📝 planned | 3 | 0 | 0 | 1.2s |',
    ],
    ['no changes', planStage({ status: 'no-changes' }), '| apps | plan | no changes | 0 | 0 | 0 | 1.2s |'],
    ['failed', stage({ status: 'failed' }), '| ops | plan + apply | ❌ failed | 0 | 0 | 0 | 1.2s |'],
    [
      'skipped (no time)',
      planStage({ status: 'skipped', durationMs: 0 }),
      '| apps | plan | ⏭️ skipped | 0 | 0 | 0 |  |',
    ],
    [
      'destroys (flagged)',
      planStage({ changes: { add: 1, change: 0, destroy: 2 } }),
      '| apps | plan | 📝 planned | 1 | 0 | **2** ⚠️ | 1.2s |',
    ],
  ])('%s', (_name, s, row) => {
    expect(lines(md(run({ stages: [s] })))).toContain(row);
  });

  it('has no table when nothing ran', () => {
    expect(md(run({ status: 'nothing-to-do', trigger: 'none', stages: [] }))).not.toContain('| environment |');
  });
});

describe('runToMarkdown: destroys and replacements flagged at the top', () => {
  const risky = run({
    stages: [
      stage({ resourceChanges: changes(['terraform_data.new', 'create'], ['terraform_data.db', 'delete', 'create']) }),
      planStage({
        resourceChanges: changes(
          ['terraform_data.old', 'delete'],
          ['terraform_data.lb', 'create', 'delete'],
          ['terraform_data.cfg', 'update'],
        ),
      }),
    ],
  });

  it('lists every destroy and replacement before the table, and nothing else', () => {
    const text = md(risky);
    const flagged = lines(text.slice(text.indexOf('**⚠️'), text.indexOf('| environment |'))).filter((l) =>
      l.startsWith('- '),
    );
    expect(text.indexOf('**⚠️ 3 destroy(s) or replacement(s)**')).toBeGreaterThan(0);
    expect(flagged).toEqual([
      '- ops: `terraform_data.db` (replace)',
      '- apps: `terraform_data.lb` (replace)',
      '- apps: `terraform_data.old` (destroy)',
    ]);
  });

  it('has no flag when nothing is destroyed', () => {
    expect(
      md(run({ stages: [stage({ resourceChanges: changes(['a.b', 'create'], ['c.d', 'update']) })] })),
    ).not.toContain('⚠️');
  });

  it('caps the flagged list and says how many more are below', () => {
    const many = changes(
      ...Array.from({ length: 25 }, (_, i) => [`terraform_data.x${i}`, 'delete'] as [string, string]),
    );
    const text = md(run({ stages: [stage({ resourceChanges: many })] }));
    expect(text).toContain('- … and 5 more, listed below');
    expect(text.indexOf('- ops: `terraform_data.x19`')).toBeGreaterThan(0);
    expect(text).not.toContain('- ops: `terraform_data.x20`');
  });
});

describe('runToMarkdown: a collapsible section per environment, grouped by action', () => {
  it('groups riskiest first, addresses in plan order, no-ops left out', () => {
    const s = planStage({
      changes: { add: 2, change: 1, destroy: 2 },
      resourceChanges: changes(
        ['a.create1', 'create'],
        ['a.upd', 'update'],
        ['a.noop', 'no-op'],
        ['a.gone', 'delete'],
        ['a.create2', 'create'],
        ['a.rep', 'delete', 'create'],
        ['a.read', 'read'],
      ),
    });
    const text = md(run({ stages: [s] }));
    const section = text.slice(text.indexOf('<details>'), text.indexOf('</details>'));
    expect(section).toContain('<summary>apps: 2 to add, 1 to change, 2 to destroy</summary>');
    const headings = lines(section).filter((l) => l.startsWith('**'));
    expect(headings).toEqual([
      '**replace** (1)',
      '**destroy** (1)',
      '**update** (1)',
      '**create** (2)',
      '**read** (1)',
    ]);
    expect(section.indexOf('`a.create1`')).toBeLessThan(section.indexOf('`a.create2`'));
    expect(section).not.toContain('a.noop');
  });

  it('has no section for an environment without changes or error', () => {
    expect(
      md(run({ stages: [stage(), planStage({ resourceChanges: changes(['x.y', 'create']) })] })).match(/<details>/g),
    ).toHaveLength(1);
  });

  it('shows a failed stage its error', () => {
    const text = md(
      run({
        status: 'failed',
        stages: [stage({ status: 'failed', error: { message: 'Error acquiring the state lock', diagnostics: [] } })],
      }),
    );
    expect(text).toContain('<details><summary>ops: 0 to add, 0 to change, 0 to destroy</summary>');
    expect(text).toContain('**Error:** Error acquiring the state lock');
  });

  it('never prints attribute values, even if a change carried some', () => {
    const leaky = {
      address: 'terraform_data.secret',
      actions: ['update'],
      before: { password: 'hunter2' },
      after: { password: 'hunter3' },
    } as ResourceChange;
    const text = md(run({ stages: [stage({ resourceChanges: [leaky] })] }));
    expect(text).toContain('`terraform_data.secret`');
    expect(text).not.toMatch(/hunter|password/);
  });

  it('fences an address holding a backtick with a longer run', () => {
    expect(md(run({ stages: [stage({ resourceChanges: changes(['x.y["a`b"]', 'create']) })] }))).toContain(
      '- `` x.y["a`b"] ``',
    );
  });
});

describe('runToMarkdown: the promotion hint', () => {
  const hint = `**Next:** promote this commit to apps: \`git tag apps-deploy-20261128-153012 ${SHA} && git push origin apps-deploy-20261128-153012\``;
  it.each([
    ['a successful main run', run(), ENVS, true],
    ['a failed main run', run({ status: 'failed' }), ENVS, false],
    ['a successful feature branch run', run({ trigger: 'feature-branch', ref: 'refs/heads/f' }), ENVS, false],
    ['a successful deploy tag run', run({ trigger: 'deploy-tag', ref: 'refs/tags/apps-deploy-1' }), ENVS, false],
    ['a single environment', run(), ['ops'], false],
  ])('%s: %s', (_name, r, environments, shown) => {
    const text = md(r, { environments });
    if (shown) expect(lines(text)).toContain(hint);
    else expect(text).not.toContain('git tag');
  });

  it('is left out when the environments are not given', () => {
    expect(runToMarkdown(run())).not.toContain('git tag');
  });
});

describe('runToMarkdown: size limit', () => {
  const huge = (n: number) =>
    run({
      stages: [
        stage({
          changes: { add: n, change: 0, destroy: 10 },
          resourceChanges: changes(
            ...Array.from(
              { length: n },
              (_, i) =>
                [`module.team_${i}.kubernetes_namespace_v1.this["namespace-${i}"]`, i < 10 ? 'delete' : 'create'] as [
                  string,
                  string,
                ],
            ),
          ),
        }),
        planStage({
          changes: { add: n, change: 0, destroy: 0 },
          resourceChanges: changes(
            ...Array.from(
              { length: n },
              (_, i) => [`module.team_${i}.kubernetes_deployment_v1.web`, 'create'] as [string, string],
            ),
          ),
        }),
      ],
    });

  it('keeps 5,000 resources within 65,536 characters, with a visible note, tags balanced, table intact', () => {
    const text = md(huge(5000));
    expect(text.length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(SUMMARY_LIMIT).toBe(65536);
    expect(text).toMatch(
      /✂️ \*\*Summary truncated\*\* to 65536 characters: each group below lists its first \d+ addresses \(\d+ of 10000 resource changes\)/,
    );
    expect(text.indexOf('Summary truncated')).toBeLessThan(text.indexOf('<details>'));
    expect(text).toContain('<summary>ops: 5000 to add, 0 to change, 10 to destroy</summary>');
    expect(text).toContain('<summary>apps: 5000 to add, 0 to change, 0 to destroy</summary>');
    expect(text).toMatch(/- … and \d+ more\n/);
    expect((text.match(/<details>/g) ?? []).length).toBe((text.match(/<\/details>/g) ?? []).length);
    expect(text).toContain('| ops | plan + apply | ✅ applied | 5000 | 0 | **10** ⚠️ |');
    expect(text).toContain('| apps | plan | 📝 planned | 5000 | 0 | 0 |');
    expect(text).toContain('(destroy)');
  });

  it.each([300, 2000, 5000, 20000])('respects a limit of %i', (limit) => {
    const text = md(huge(500), { limit });
    expect(text.length).toBeLessThanOrEqual(limit);
    expect(text).toContain('Summary truncated');
    expect((text.match(/<details>/g) ?? []).length).toBe((text.match(/<\/details>/g) ?? []).length);
  });

  it('lists as many addresses per group as fit, at least the first', () => {
    const text = md(huge(5000));
    const cap = Number(/lists its first (\d+) addresses/.exec(text)![1]);
    expect(cap).toBeGreaterThan(100);
    expect(text).toContain('- `module.team_0.kubernetes_deployment_v1.web`');
    expect(text).toContain(`- \`module.team_${cap - 1}.kubernetes_deployment_v1.web\``);
    expect(text).not.toContain(`- \`module.team_${cap}.kubernetes_deployment_v1.web\``);
  });

  it('leaves a summary under the limit alone', () => {
    expect(md(huge(5))).not.toContain('truncated');
  });
});
