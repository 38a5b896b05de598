import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { plain } from '../../pipeline/cli/render.js';
import { runWalkthrough } from '../../scripts/walkthrough/run.js';
import { sandboxEnv, StepFailed } from '../../scripts/walkthrough/sandbox.js';
import { cleanEnv } from '../helpers/env.js';
import { ROOT } from '../helpers/paths.js';
import { useTempDir, withTempDir } from '../helpers/temp-dir.js';

const ESC = '\u001b[';

describe('npm start (scripts/walkthrough.ts)', () => {
  const dir = useTempDir('cdktf-gitops-walkthrough-test-');

  it('walks the example from main to apps-prod with the real CLI and exits 0', async () => {
    // CI variables of the machine running it must not leak into the walkthrough's runs.
    const r = await execa('npm', ['start', '--silent', '--', dir()], {
      cwd: ROOT,
      env: cleanEnv({ GITHUB_ACTIONS: 'true', GITHUB_REF: 'refs/heads/not-this-one' }),
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
    if (r.exitCode !== 0) throw new Error(`npm start exited ${r.exitCode}:\n${r.stdout.slice(-4000)}\n${r.stderr}`);
    expect(r.exitCode).toBe(0);
    for (let i = 1; i <= 8; i++) expect(r.stdout).toContain(`━━ ${i}/8 · `);
    expect(r.stdout).toContain('$ git push origin apps-deploy-1');
    expect(r.stdout).toContain('$ npx cdktf-gitops run --ref refs/tags/apps-prod-deploy-1');
    expect(r.stdout).toContain('promotion gate refused: apps-deploy-experiment points at');
    expect(r.stdout).toContain('✓ exit 3: refused before terraform ran');
    expect(r.stdout).toMatch(/✓ all 8 steps did what they should \(\d+\.\ds\)/);
    expect(r.stdout).not.toContain(ESC);
    expect(existsSync(path.join(dir(), 'project', '.terraform-state'))).toBe(true); // a directory given by the user is kept
  });
});

describe('runWalkthrough', () => {
  const capture = () => {
    let text = '';
    return {
      printer: {
        colors: plain,
        write: (t: string) => {
          text += t;
        },
      },
      text: () => text,
    };
  };

  it('exits 1, names the step and keeps the repository when a step does not do what it should', async () => {
    const out = capture();
    await withTempDir('cdktf-gitops-walkthrough-fail-', async (root) => {
      const steps = [
        {
          title: 'Broken',
          why: 'fails on purpose',
          run: async () => Promise.reject(new StepFailed('run on main: expected exit 0, got 1')),
        },
      ];
      expect(await runWalkthrough({ target: path.join(root, 'w'), printer: out.printer, color: false, steps })).toBe(1);
      expect(out.text()).toContain('━━ 1/1 · Broken ');
      expect(out.text()).toContain('✗ the walkthrough stopped: run on main: expected exit 0, got 1');
      expect(existsSync(path.join(root, 'w', 'project', 'main.ts'))).toBe(true);
    });
  });

  it('refuses a directory that is not empty (exit 2) and leaves it alone', async () => {
    const out = capture();
    await withTempDir('cdktf-gitops-walkthrough-busy-', async (root) => {
      writeFileSync(path.join(root, 'precious.txt'), 'keep');
      expect(await runWalkthrough({ target: root, printer: out.printer, color: false, steps: [] })).toBe(2);
      expect(out.text()).toContain('is not empty');
      expect(existsSync(path.join(root, 'project'))).toBe(false);
    });
  });

  it('removes a temporary repository after a successful walk', async () => {
    const out = capture();
    let seen = '';
    const look = async (s: { dir: string }) => {
      seen = s.dir;
    };
    const steps = [{ title: 'Look', why: 'records the directory', run: look }];
    expect(await runWalkthrough({ printer: out.printer, color: false, steps })).toBe(0);
    expect(seen).not.toBe('');
    expect(existsSync(seen)).toBe(false);
  });
});

describe('sandboxEnv', () => {
  const base = {
    PATH: '/bin',
    HOME: '/h',
    CI: 'true',
    GITHUB_REF: 'refs/heads/x',
    GITLAB_CI: 'true',
    CI_COMMIT_TAG: 't',
    GIT_DIR: '/elsewhere',
    TF_WORKSPACE: 'prod',
    TF_LOG: 'DEBUG',
    NO_COLOR: '1',
  };

  it('drops CI, git and terraform variables that would steer the runs; keeps the rest', () => {
    const env = sandboxEnv(false, base);
    expect(env).toMatchObject({
      PATH: '/bin',
      HOME: '/h',
      NO_COLOR: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Walkthrough',
    });
    for (const k of [
      'CI',
      'GITHUB_REF',
      'GITLAB_CI',
      'CI_COMMIT_TAG',
      'GIT_DIR',
      'TF_WORKSPACE',
      'TF_LOG',
      'FORCE_COLOR',
    ])
      expect(env).not.toHaveProperty(k);
  });

  it('forces colors in the CLI when the walkthrough itself writes colors', () => {
    const env = sandboxEnv(true, base);
    expect(env.FORCE_COLOR).toBe('1');
    expect(env).not.toHaveProperty('NO_COLOR');
  });
});
