import { logFolder, sectionId, type CiInfo } from '../../pipeline/ci/index.js';

const ESC = '\u001b';
const clock = (): (() => number) => {
  let ms = 1_700_000_000_500;
  return () => (ms += 1000);
};

describe('logFolder', () => {
  it('GitHub: ::group:: and ::endgroup::', () => {
    const folder = logFolder({ provider: 'github' });
    expect(folder.start('plan apps')).toBe('::group::plan apps');
    expect(folder.end()).toBe('::endgroup::');
  });

  it('GitHub: a title cannot break out of the workflow command', () => {
    expect(logFolder({ provider: 'github' }).start('a%b\r\n::error::x')).toBe('::group::a%25b%0D%0A::error::x');
  });

  it('GitLab: collapsed section markers with unix seconds and a matching id', () => {
    const folder = logFolder({ provider: 'gitlab' }, clock());
    expect(folder.start('Plan apps-prod')).toBe(
      `${ESC}[0Ksection_start:1700000001:cdktf_gitops_1_plan_apps-prod[collapsed=true]\r${ESC}[0KPlan apps-prod`,
    );
    expect(folder.end()).toBe(`${ESC}[0Ksection_end:1700000002:cdktf_gitops_1_plan_apps-prod\r${ESC}[0K`);
  });

  it('GitLab: ids are unique for equal titles, and nested sections close innermost first', () => {
    const folder = logFolder({ provider: 'gitlab' }, () => 0);
    const outer = folder.start('stage');
    const inner = folder.start('stage');
    expect(outer).toContain('section_start:0:cdktf_gitops_1_stage[');
    expect(inner).toContain('section_start:0:cdktf_gitops_2_stage[');
    expect(folder.end()).toContain('section_end:0:cdktf_gitops_2_stage\r');
    expect(folder.end()).toContain('section_end:0:cdktf_gitops_1_stage\r');
    expect(folder.end()).toBe('');
  });

  it('GitLab: a section printed after the fact (held output) is dated from when it began', () => {
    const folder = logFolder({ provider: 'gitlab' }, () => 1_700_000_100_000);
    expect(folder.start('ops/net: terraform init', 1_700_000_000_900)).toContain('section_start:1700000000:');
    expect(folder.end()).toContain('section_end:1700000100:');
    expect(logFolder({ provider: 'github' }).start('ops/net', 0)).toBe('::group::ops/net');
  });

  it('GitLab: a title with newlines and escapes stays one line', () => {
    const line = logFolder({ provider: 'gitlab' }, () => 0).start(`a\nb${ESC}[31m`);
    expect(line.endsWith(`${ESC}[0Ka b[31m`)).toBe(true);
  });

  it('local: a plain header line and nothing at the end', () => {
    const local: CiInfo = { provider: 'local' };
    const folder = logFolder(local);
    expect(folder.start('init ops')).toBe('==> init ops');
    expect(folder.start('two\nlines')).toBe('==> two lines');
    expect(folder.end()).toBe('');
  });

  it('uses Date.now by default', () => {
    const before = Math.floor(Date.now() / 1000);
    const seconds = Number(/section_start:(\d+):/.exec(logFolder({ provider: 'gitlab' }).start('x'))![1]);
    expect(seconds).toBeGreaterThanOrEqual(before);
  });
});

describe('sectionId', () => {
  it.each<[string, number, string]>([
    ['Plan ops', 1, 'cdktf_gitops_1_plan_ops'],
    ['apps-prod: apply (2/3)', 4, 'cdktf_gitops_4_apps-prod_apply_2_3'],
    ['!!!', 2, 'cdktf_gitops_2'],
    ['x'.repeat(60), 3, `cdktf_gitops_3_${'x'.repeat(40)}`],
  ])('%j #%i -> %s', (title, counter, expected) => {
    expect(sectionId(title, counter)).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9_.-]+$/);
  });
});
