// `cdktf-gitops ci` through the real CLI: this repository's files are what it writes, and --check fails on an edit.
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { githubWorkflow } from '../../pipeline/ci-files/github-workflow.js';
import { gitlabCi } from '../../pipeline/ci-files/gitlab-ci.js';
import { ciSettings } from '../../pipeline/ci-files/settings.js';
import { cli } from '../helpers/cli.js';
import { useExampleRepo } from '../helpers/example-repo.js';
import { ROOT } from '../helpers/paths.js';

const WORKFLOW = '.github/workflows/cdktf-gitops.yml';
const GITLAB = '.gitlab-ci.yml';

// The example's main.ts with other environments and another main branch.
const CUSTOM_MAIN_TS = readFileSync(path.join(ROOT, 'examples/terraform-data/main.ts'), 'utf8')
  .replace(/ops: base,\n\s*apps: .*\n\s*'apps-prod': .*\n/, "dev: base, qa: base, 'prod-eu': base,\n")
  .replace('environments: Object.keys(environments),', "environments: Object.keys(environments), mainBranch: 'trunk',");

describe('cdktf-gitops ci', () => {
  it("reports this repository's own CI files up to date (npm test runs this)", async () => {
    const r = await cli(ROOT, ['ci', '--check']);
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(r.stdout).toBe(`${WORKFLOW}, ${GITLAB}: up to date`);
  });

  describe('in a project with other environments and main branch', () => {
    const repo = useExampleRepo({ mainTs: CUSTOM_MAIN_TS });
    const settings = ciSettings(['dev', 'qa', 'prod-eu'], 'trunk');

    it('without a CI file or a flag, names the flags (exit 2) and writes nothing', async () => {
      expect(readFileSync(path.join(repo.dir, 'main.ts'), 'utf8')).toContain("mainBranch: 'trunk'");
      const r = await cli(repo.dir, ['ci']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('--github or --gitlab');
      expect([existsSync(path.join(repo.dir, WORKFLOW)), existsSync(path.join(repo.dir, GITLAB))]).toEqual([
        false,
        false,
      ]);
    });

    it('writes the files named, from main.ts, and then reports them unchanged', async () => {
      const first = await cli(repo.dir, ['ci', '--github', '--gitlab']);
      expect(first).toMatchObject({ exitCode: 0, stdout: `wrote ${WORKFLOW}\nwrote ${GITLAB}` });
      expect(readFileSync(path.join(repo.dir, WORKFLOW), 'utf8')).toBe(githubWorkflow(settings));
      expect(readFileSync(path.join(repo.dir, GITLAB), 'utf8')).toBe(gitlabCi(settings));
      expect(readFileSync(path.join(repo.dir, WORKFLOW), 'utf8')).toContain(
        "tags: ['qa-deploy-*', 'prod-eu-deploy-*']",
      );
      // Without flags: the files that exist.
      const again = await cli(repo.dir, ['ci']);
      expect(again).toMatchObject({ exitCode: 0, stdout: `unchanged ${WORKFLOW}\nunchanged ${GITLAB}` });
    });

    it('--check passes on the generated files and fails (exit 1) naming a hand-edited one', async () => {
      expect((await cli(repo.dir, ['ci', '--check'])).exitCode).toBe(0);
      appendFileSync(path.join(repo.dir, GITLAB), '# a hand edit\n');
      const r = await cli(repo.dir, ['ci', '--check']);
      expect(r.exitCode).toBe(1);
      const lines = gitlabCi(settings).split('\n').length;
      expect(r.stderr).toContain(`${GITLAB} differs from what \`cdktf-gitops ci\` writes (line ${lines})`);
      expect(r.stderr).not.toContain(WORKFLOW);
      // --check wrote nothing.
      expect(readFileSync(path.join(repo.dir, GITLAB), 'utf8')).toContain('# a hand edit');
    });

    it('--check names a file that a flag asks for and that is missing', async () => {
      rmSync(path.join(repo.dir, GITLAB));
      const r = await cli(repo.dir, ['ci', '--gitlab', '--check']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`${GITLAB} is missing`);
    });
  });

  describe('in a project whose main branch cannot go into a CI file', () => {
    const repo = useExampleRepo({
      mainTs: CUSTOM_MAIN_TS.replace("mainBranch: 'trunk'", 'mainBranch: "it\'s"'),
    });

    it('is exit 2 naming the branch, and writes nothing', async () => {
      const r = await cli(repo.dir, ['ci', '--github']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/main branch name "it's" is invalid/);
      expect(existsSync(path.join(repo.dir, WORKFLOW))).toBe(false);
    });
  });
});
