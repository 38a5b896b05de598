// The generator's YAML emitters: every scalar reads back as the string it was given.
import { parse } from 'yaml';
import { yamlComment, yamlFlowList, yamlMapping, yamlScalar } from '../../pipeline/ci-files/yaml-text.js';

describe('yamlScalar', () => {
  it.each([
    ['npx cdktf-gitops run --summary-file "$GITHUB_STEP_SUMMARY"', 'plain'],
    ["github.event_name == 'push' && github.ref == 'refs/heads/main'", 'plain'],
    ['${{ secrets.PG_CONN_STR }}', 'plain'],
    ['$CI_COMMIT_TAG =~ /^apps-deploy-/', 'plain'],
    ['apps-prod', 'plain'],
    ['true', 'quoted'],
    ['on', 'quoted'],
    ['No', 'quoted'],
    ['1.11.4', 'quoted'],
    ['20', 'quoted'],
    ['.inf', 'quoted'],
    ['a: b', 'quoted'],
    ['a #b', 'quoted'],
    ["it's", 'plain'],
    ["'quoted'", 'quoted'],
    ['-x', 'quoted'],
    ['*alias', 'quoted'],
    ['', 'quoted'],
  ])('%j is written %s and reads back the same', (value, form) => {
    const text = yamlScalar(value);
    expect(text.startsWith("'")).toBe(form === 'quoted');
    expect(parse(`key: ${text}`)).toEqual({ key: value });
  });

  it('writes numbers and booleans as themselves', () => {
    expect(parse(`a: ${yamlScalar(20)}\nb: ${yamlScalar(false)}`)).toEqual({ a: 20, b: false });
  });

  it('refuses a line break', () => {
    expect(() => yamlScalar('a\nb')).toThrow(/line break/);
  });
});

describe('the other emitters', () => {
  it('writes a flow list of single-quoted strings', () => {
    const list = yamlFlowList(['apps-deploy-*', "it's"]);
    expect(list).toBe("['apps-deploy-*', 'it''s']");
    expect(parse(`tags: ${list}`)).toEqual({ tags: ['apps-deploy-*', "it's"] });
  });

  it('writes an indented mapping', () => {
    const lines = ['env:', ...yamlMapping({ A: 'true', B: '${{ secrets.B }}' }, 2)];
    expect(lines).toEqual(['env:', "  A: 'true'", '  B: ${{ secrets.B }}']);
    expect(parse(lines.join('\n'))).toEqual({ env: { A: 'true', B: '${{ secrets.B }}' } });
  });

  it('writes comments, an empty line as a bare #', () => {
    expect(yamlComment(['one', '', 'two'], 2)).toEqual(['  # one', '  #', '  # two']);
  });
});
