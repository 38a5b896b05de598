// `init`'s options: defaults, and every bad value found before anything is written.
import { ConfigError } from '../../pipeline/errors.js';
import { nextCommands } from '../../pipeline/cli/init-command.js';
import { parseInitOptions } from '../../pipeline/scaffold/options.js';

describe('parseInitOptions', () => {
  it("defaults to the root project's layout: kubernetes, ops/apps/apps-prod, main, GitHub", () => {
    expect(parseInitOptions({})).toEqual({
      template: 'kubernetes',
      environments: ['ops', 'apps', 'apps-prod'],
      mainBranch: 'main',
      ci: ['github'],
    });
  });

  it('takes every option, trimming spaces around environment names', () => {
    expect(
      parseInitOptions({
        template: 'terraform-data',
        environments: 'dev, qa ,prod-eu',
        mainBranch: 'trunk',
        ci: 'both',
      }),
    ).toEqual({
      template: 'terraform-data',
      environments: ['dev', 'qa', 'prod-eu'],
      mainBranch: 'trunk',
      ci: ['github', 'gitlab'],
    });
    expect(parseInitOptions({ ci: 'none' }).ci).toEqual([]);
    expect(parseInitOptions({ mainBranch: 'refs/heads/trunk' }).mainBranch).toBe('trunk');
    expect(parseInitOptions({ ci: 'gitlab' }).ci).toEqual(['gitlab']);
  });

  it.each([
    [{ template: 'helm' }, /unknown template "helm"; known: kubernetes, terraform-data/],
    [{ environments: 'ops' }, /only one environment/],
    [{ environments: 'ops,Apps' }, /"Apps" is invalid/],
    [{ environments: 'ops,apps,' }, /environment name "" is invalid/],
    [{ environments: 'ops,ops' }, /defined more than once/],
    [{ environments: 'ops,default' }, /reserved by terraform/],
    [{ mainBranch: 'feature..x' }, /main branch name "feature..x" is invalid/],
    [{ mainBranch: '$(rm -rf ~)' }, /shell metacharacter/],
    [{ ci: 'jenkins' }, /unknown --ci "jenkins"; known: github, gitlab, both, none/],
    [{ ci: 'toString' }, /unknown --ci "toString"/],
  ])('%j is a ConfigError (exit 2): %s', (input, problem) => {
    expect(() => parseInitOptions(input)).toThrow(ConfigError);
    expect(() => parseInitOptions(input)).toThrow(problem);
  });

  it('lists every problem at once', () => {
    expect(() => parseInitOptions({ template: 'x', environments: 'A,b', mainBranch: 'a b', ci: 'y' })).toThrow(
      /unknown template "x".*"A" is invalid.*main branch name "a b".*unknown --ci "y"/,
    );
  });
});

describe('nextCommands', () => {
  const options = parseInitOptions({ template: 'terraform-data', environments: 'dev,prod', mainBranch: 'trunk' });

  it('installs, commits on the main branch and runs it, from the current directory', () => {
    expect(nextCommands('/work/p', '/work/p', options)).toEqual([
      'npm install',
      'git init -b trunk && git add -A && git commit -m "Start a cdktf-gitops project"',
      'npx cdktf-gitops run     # on trunk: applies dev (local state)',
    ]);
  });

  it('changes into the directory first: relative below the current one, absolute (quoted) elsewhere', () => {
    expect(nextCommands('/work/p/infra', '/work/p', options)[0]).toBe('cd infra && npm install');
    expect(nextCommands('/srv/my infra', '/work/p', options)[0]).toBe("cd '/srv/my infra' && npm install");
  });
});
