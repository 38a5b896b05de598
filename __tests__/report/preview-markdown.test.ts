import { previewToMarkdown } from '../../pipeline/report/preview-markdown.js';
import { SUMMARY_LIMIT } from '../../pipeline/report/markdown.js';
import { changes, planStage, run } from './fixtures.js';

const preview = (stages: ReturnType<typeof planStage>[]) =>
  run({ ref: 'refs/heads/feature/x', trigger: 'feature-branch', preview: true, stages });

describe('previewToMarkdown', () => {
  it('puts environments with changes first, collapses the unchanged into one line, flags destroys and replacements', () => {
    const md = previewToMarkdown(
      preview([
        planStage({ environment: 'ops', status: 'no-changes' }),
        planStage({
          environment: 'apps',
          changes: { add: 1, change: 0, destroy: 1 },
          resourceChanges: changes(['terraform_data.web', 'delete', 'create']),
        }),
        planStage({
          environment: 'apps-prod',
          changes: { add: 0, change: 0, destroy: 1 },
          resourceChanges: changes(['terraform_data.dns', 'delete']),
        }),
        planStage({ environment: 'qa', status: 'no-changes' }),
      ]),
    );
    expect(md).toMatch(/^## cdktf-gitops preview: 📝 2 environment\(s\) change/);
    expect(md).toContain('No changes: ops, qa.');
    expect(md).toContain('- apps: `terraform_data.web` (replace)');
    expect(md).toContain('- apps-prod: `terraform_data.dns` (destroy)');
    expect(md).toContain('| apps | 📝 planned ⚠️ replaces | 1 | 0 | **1** ⚠️ |');
    expect(md.indexOf('| apps |')).toBeLessThan(md.indexOf('| apps-prod |'));
    expect(md).toContain('<details><summary>apps: 1 to add, 0 to change, 1 to destroy</summary>');
    // Unchanged environments get no table row and no section.
    expect(md).not.toContain('| ops |');
    expect(md).not.toContain('<details><summary>ops');
  });

  it('lists a failed environment first, with its error', () => {
    const md = previewToMarkdown(
      preview([
        planStage({
          environment: 'ops',
          changes: { add: 1, change: 0, destroy: 0 },
          resourceChanges: changes(['terraform_data.a', 'create']),
        }),
        planStage({
          environment: 'apps',
          status: 'failed',
          error: { message: 'Error acquiring the state lock', diagnostics: [] },
        }),
      ]),
    );
    expect(md).toMatch(/^## cdktf-gitops preview: ❌ FAILED/);
    expect(md.indexOf('| apps |')).toBeLessThan(md.indexOf('| ops |'));
    expect(md).toContain('**Error:** Error acquiring the state lock');
  });

  it('says so when nothing changes anywhere', () => {
    const md = previewToMarkdown(
      preview([
        planStage({ environment: 'ops', status: 'no-changes' }),
        planStage({ environment: 'apps', status: 'no-changes' }),
      ]),
    );
    expect(md).toMatch(/^## cdktf-gitops preview: ✅ no changes/);
    expect(md).toContain('No changes: ops, apps.');
    expect(md).not.toContain('<details>');
  });

  it('stays within the limit with a visible truncation notice', () => {
    const many = (env: string) =>
      planStage({
        environment: env,
        changes: { add: 3000, change: 0, destroy: 0 },
        resourceChanges: changes(
          ...Array.from(
            { length: 3000 },
            (_, i) => [`terraform_data.resource_with_a_long_name_${i}`, 'create'] as [string, string],
          ),
        ),
      });
    const md = previewToMarkdown(preview([many('ops'), many('apps'), many('apps-prod')]));
    expect(md.length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(md).toContain('✂️ **Summary truncated** to 65536 characters');
    for (const env of ['ops', 'apps', 'apps-prod']) expect(md).toContain(`<details><summary>${env}: 3000 to add`);
    expect((md.match(/<details>/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
  });
});
