import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli, type CliResult } from '../helpers/cli.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';

// The real CLI (bin/cdktf-gitops) as a subprocess; terraform runs for real on the provider-free example.

const ESC = '\u001b[';

describe('help and usage errors', () => {
  const commands = [[], ['explain'], ['run'], ['plan'], ['apply'], ['status'], ['synth'], ['drift'], ['ci'], ['init']];
  let dir: string;
  let helps: CliResult[];
  beforeAll(async () => {
    dir = makeTempDir('cdktf-gitops-help-');
    helps = await Promise.all(commands.map((c) => cli(dir, [...c, '--help'])));
  });
  afterAll(() => removeDir(dir));

  it.each(commands.map((c, i) => [c.join(' ') || '(no command)', i] as const))(
    '%s --help exits 0 and shows an example',
    (_name, i) => {
      const r = helps[i]!;
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/^Usage: cdktf-gitops/);
      expect(r.stdout).toMatch(/Examples?:\n {2}cdktf-gitops \w+/);
    },
  );

  it.each([
    ['an unknown option of a command', ['run', '--bogus']],
    ['an unknown global option', ['--bogus']],
    ['an unknown command', ['deploy']],
    ['a missing required option', ['plan']],
  ])('%s exits 2 and says so', async (_name, args) => {
    const r = await cli(dir, args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /error: (unknown option '--bogus'|unknown command 'deploy'|required option '--env <environment>' not specified)/,
    );
  });

  it.each([
    ['plan --all with --env', ['plan', '--all', '--env', 'ops'], /error: --env and --all exclude each other/],
    [
      'plan --concurrency without --all',
      ['plan', '--env', 'ops', '--concurrency', '2'],
      /error: --concurrency and --summary-file need --all/,
    ],
    [
      'plan --all --concurrency 0',
      ['plan', '--all', '--concurrency', '0'],
      /error: --concurrency must be a positive integer, got '0'/,
    ],
    ['run --concurrency x', ['run', '--concurrency', 'x'], /error: --concurrency must be a positive integer, got 'x'/],
    [
      'apply --all (apply is one environment only)',
      ['apply', '--env', 'ops', '--all'],
      /error: unknown option '--all'/,
    ],
  ])('%s exits 2 before running anything', async (_name, args, message) => {
    const r = await cli(dir, args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('output of run on the example project', () => {
  let repo: ExampleRepo;
  let scratch: string;
  beforeAll(async () => {
    repo = await exampleRepo();
    scratch = makeTempDir('cdktf-gitops-summary-');
    await git(repo.dir, 'checkout', '-q', '-b', 'feature/x');
  });
  afterAll(() => {
    repo.remove();
    removeDir(scratch);
  });

  it('by default: progress on stderr (stage header, steps, planned changes), the table on stdout', async () => {
    const r = await cli(repo.dir, ['run']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('▶ ops: plan  (init → workspace-select → plan)');
    expect(r.stderr).toMatch(/ {2}✓ plan +\d+\.\ds/);
    expect(r.stderr).toContain('    plan: 2 to add, 0 to change, 0 to destroy');
    expect(r.stderr).toContain('      + terraform_data.web');
    expect(r.stderr).not.toMatch(/terraform_version|Plan to create/);
    expect(r.stdout).toMatch(/^refs\/heads\/feature\/x at [0-9a-f]{12} \(feature-branch\): succeeded/);
    expect(r.stdout).toMatch(/│ ops +│ plan +│ planned +│ +2 │ +0 │ +0 │ +\d+\.\ds │/);
  });

  it('--quiet: only the result', async () => {
    const r = await cli(repo.dir, ['run', '--quiet']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).not.toMatch(/▶|✓|synthesized|plan:/);
    expect(r.stdout).toMatch(/│ ops +│ plan +│ planned /);
  });

  it("--verbose: terraform's own output too", async () => {
    const r = await cli(repo.dir, ['run', '--verbose']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/^ {4,}"terraform_version": "\d+\.\d+\.\d+",$/m); // raw `terraform version -json`
    expect(r.stderr).toContain('    terraform_data.web: Plan to create'); // a -json UI line, as terraform's message
    expect(r.stderr).toContain('▶ ops: plan');
    expect(r.stderr).not.toContain('::group::'); // folds are for CI logs
  });

  it.each([
    ['NO_COLOR=1', { NO_COLOR: '1' }, false],
    ['FORCE_COLOR=1', { NO_COLOR: '', FORCE_COLOR: '1' }, true],
  ])('%s: ANSI escapes on both streams: %s', async (_name, env, escapes) => {
    const r = await cli(repo.dir, ['run'], env);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.includes(ESC)).toBe(escapes);
    expect(r.stderr.includes(ESC)).toBe(escapes);
  });

  it('on GitHub Actions: folds raw output and appends the summary to GITHUB_STEP_SUMMARY', async () => {
    const summary = path.join(scratch, 'step-summary.md');
    const r = await cli(repo.dir, ['run'], {
      GITHUB_ACTIONS: 'true',
      GITHUB_REF: 'refs/heads/feature/x',
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('::group::ops: terraform init');
    expect(r.stderr).toContain('::endgroup::');
    const text = readFileSync(summary, 'utf8');
    expect(text).toMatch(/^## cdktf-gitops: ✅ succeeded\n\n`refs\/heads\/feature\/x` at `[0-9a-f]{40}`/);
    expect(text).toContain('| ops | plan | 📝 planned | 2 | 0 | 0 |');
    expect(text).toContain('- `terraform_data.web`');
  });

  it('--summary-file takes precedence over GITHUB_STEP_SUMMARY', async () => {
    const step = path.join(scratch, 'untouched.md');
    const mine = path.join(scratch, 'mine.md');
    const r = await cli(repo.dir, ['run', '--quiet', '--summary-file', mine], {
      GITHUB_ACTIONS: 'true',
      GITHUB_REF: 'refs/heads/feature/x',
      GITHUB_STEP_SUMMARY: step,
    });
    expect(r.exitCode).toBe(0);
    expect(readFileSync(mine, 'utf8')).toContain('## cdktf-gitops: ✅ succeeded');
    expect(existsSync(step)).toBe(false);
  });

  it('a successful main run ends with the promotion command, in the terminal and in the summary', async () => {
    await git(repo.dir, 'checkout', '-q', 'main');
    const head = await git(repo.dir, 'rev-parse', 'HEAD');
    const summary = path.join(scratch, 'main.md');
    const r = await cli(repo.dir, ['run', '--summary-file', summary]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `Next: promote ${head.slice(0, 12)} to apps:\\n {2}git tag (apps-deploy-\\d{8}-\\d{6}) ${head} && git push origin \\1$`,
      ),
    );
    expect(readFileSync(summary, 'utf8')).toMatch(
      new RegExp(
        `\\*\\*Next:\\*\\* promote this commit to apps: \`git tag apps-deploy-\\d{8}-\\d{6} ${head} && git push origin apps-deploy-\\d{8}-\\d{6}\``,
      ),
    );
  });
});
