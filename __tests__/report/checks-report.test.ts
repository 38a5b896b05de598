import { progressRenderer, renderRun } from '../../pipeline/cli/render.js';
import { runToJson, stageToJson } from '../../pipeline/report/json.js';
import { runToMarkdown } from '../../pipeline/report/markdown.js';
import type { StageResult } from '../../pipeline/model.js';
import { cli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { planStage, run, SHA, stage } from './fixtures.js';

// How the checks between plan and apply (destroy guard, reviewed plan, policies) are reported.

const refusedApps = (over: Partial<StageResult> = {}): StageResult =>
  stage({
    environment: 'apps',
    workspace: 'apps',
    status: 'refused',
    refusal:
      "destroy guard: the plan for protected environment apps deletes terraform_data.c; approve it with --allow-destroy or a trailer 'Allow-Destroy: apps' in the commit message",
    guard: { destroys: ['terraform_data.c'], replaces: ['terraform_data.b'], refused: true },
    ...over,
  });
const refusedRun = (s: StageResult = refusedApps()) =>
  run({
    ref: 'refs/tags/apps-deploy-1',
    trigger: 'deploy-tag',
    status: 'refused',
    message: `apps: ${s.refusal}`,
    stages: [s, planStage({ environment: 'apps-prod', workspace: 'apps-prod', status: 'skipped' })],
  });

describe('JSON', () => {
  it('a stage carries refusal, guard (approvedBy null when none), review and policies', () => {
    const review = {
      matches: false,
      recordedAt: '2026-12-01T10:00:00.000Z',
      reviewedCommit: SHA,
      reviewedRef: 'refs/heads/main',
      differences: ['the state changed since the review (serial 1 → 2): something applied in between'],
    };
    const policies = [
      {
        name: 'deny',
        passed: false,
        exitCode: 1,
        timedOut: false,
        output: 'no',
        durationMs: 12.7,
        message: "policy 'deny' denied the plan (exit 1)",
      },
    ];
    const json = stageToJson(refusedApps({ review, policies })) as Record<string, unknown>;
    expect(json).toMatchObject({
      status: 'refused',
      refusal: expect.stringMatching(/^destroy guard:/),
      guard: { destroys: ['terraform_data.c'], replaces: ['terraform_data.b'], approvedBy: null, refused: true },
      review,
      policies: [{ ...policies[0], durationMs: 13 }],
    });
    expect(runToJson(refusedRun())).toMatchObject({
      status: 'refused',
      message: expect.stringMatching(/^apps: destroy guard/),
    });
  });

  it('a stage without checks has none of those keys', () => {
    expect(Object.keys(stageToJson(stage()))).not.toEqual(expect.arrayContaining(['refusal']));
    expect(stageToJson(stage())).not.toHaveProperty('guard');
    expect(stageToJson(stage())).not.toHaveProperty('review');
  });
});

describe('Markdown summary', () => {
  it('a refusal before apply: its own heading, the resources, how to approve', () => {
    const md = runToMarkdown(refusedRun());
    expect(md.split('\n')[0]).toBe('## cdktf-gitops: ⛔ refused before apply');
    expect(md).toContain(
      '**⛔ Destroy guard refused apps:** approve with `--allow-destroy` or a commit trailer `Allow-Destroy: apps`',
    );
    expect(md).toContain('- `terraform_data.c` (delete)');
    expect(md).toContain('- `terraform_data.b` (replace)');
    expect(md).toContain('| apps | plan + apply | ⛔ refused |');
  });

  it('a gate refusal keeps the gate heading', () => {
    expect(
      runToMarkdown(run({ status: 'refused', message: 'no', stages: [planStage({ status: 'skipped' })] })).split(
        '\n',
      )[0],
    ).toBe('## cdktf-gitops: ⛔ refused by the promotion gate');
  });

  it('an approval, a review mismatch and policies are shown', () => {
    const applied = stage({
      environment: 'apps',
      guard: { destroys: ['terraform_data.c'], replaces: [], approvedBy: 'trailer', refused: false },
      review: {
        matches: false,
        recordedAt: '2026-12-01T10:00:00.000Z',
        reviewedRef: 'refs/heads/main',
        differences: ['terraform_data.c: delete now, not in the reviewed plan'],
      },
      policies: [
        { name: 'opa', passed: true, exitCode: 0, timedOut: false, output: '', durationMs: 5 },
        {
          name: 'hang',
          passed: false,
          timedOut: true,
          output: 'waiting ```',
          durationMs: 5,
          message: "policy 'hang' timed out after 1s",
        },
      ],
    });
    const md = runToMarkdown(run({ stages: [applied] }));
    expect(md).toContain(
      '**⚠️ Destroy guard: apps deletes or replaces resources, APPROVED by the commit trailer `Allow-Destroy: apps`**',
    );
    expect(md).toContain(
      '**⚠️ apps does NOT apply what was reviewed** (reviewed at `refs/heads/main`, 2026-12-01T10:00:00.000Z):',
    );
    expect(md).toContain('- terraform_data.c: delete now, not in the reviewed plan');
    expect(md).toContain('✅ Policy `opa` passed (apps)');
    // Policy output is fenced, and cannot close the fence itself.
    expect(md).toContain("**⛔ policy 'hang' timed out after 1s** (apps)\n\n```text\nwaiting '''\n```");
  });

  it('a matching review says what was applied', () => {
    const md = runToMarkdown(
      run({
        stages: [
          stage({
            environment: 'apps',
            review: { matches: true, recordedAt: 'T', reviewedRef: 'refs/heads/main', differences: [] },
          }),
        ],
      }),
    );
    expect(md).toContain('✅ **Reviewed plan:** apps applies exactly the plan reviewed at `refs/heads/main` (T)');
  });
});

describe('log and final text', () => {
  it('a refused stage ends with its reasons; checks are progress lines', () => {
    const render = progressRenderer();
    expect(render({ type: 'check', environment: 'apps', message: "policy 'opa' passed", ok: true })).toEqual([
      "    ✓ policy 'opa' passed",
    ]);
    const lines = render({ type: 'stage-end', stage: refusedApps({ refusal: 'first reason\nsecond line' }) });
    expect(lines).toEqual([
      '  ⛔ apps REFUSED before apply (nothing applied):',
      '    first reason',
      '    second line',
      '',
    ]);
  });

  it('renderRun does not blame the gate for a refusal before apply', () => {
    const text = renderRun(refusedRun());
    expect(text.split('\n')[0]).toMatch(/^refs\/tags\/apps-deploy-1 at [0-9a-f]{12} \(deploy-tag\): refused/);
    expect(text).toContain('apps: destroy guard: the plan for protected environment apps deletes terraform_data.c');
    expect(text).not.toContain('promotion gate refused');
    expect(text).toMatch(/│ apps +│ plan \+ apply │ refused /);
  });
});

describe('CLI help of the new flags', () => {
  const dir = useTempDir('cdktf-gitops-help-');

  it.each([['run'], ['apply']])(
    '%s --help lists --allow-destroy and --require-reviewed-plan, lines ≤ 120 characters',
    async (command) => {
      const r = await cli(dir(), [command, '--help']);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain('--allow-destroy');
      expect(r.stdout).toContain('--require-reviewed-plan');
      expect(r.stdout).toContain('destroy guard   a protected environment');
      for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
    },
  );

  it('plan --help does not offer them (a plan applies nothing)', async () => {
    const r = await cli(dir(), ['plan', '--help']);
    expect(r.stdout).not.toContain('--allow-destroy');
  });
});
