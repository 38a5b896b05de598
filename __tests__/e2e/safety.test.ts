import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { cli } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { useExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { EXAMPLE } from '../helpers/paths.js';
import { statusRecords } from '../helpers/run-json.js';

// What the pipeline refuses to do, and how records written outside `run` count for the gate.

describe('safety of runs', () => {
  const repo = useExampleRepo();

  const staged = 'synthesizes through a staging directory: files renamed into place, ';
  it(`${staged}backend paths relative to the final stack directory`, async () => {
    const r = await cli(repo.dir, ['synth', '--json']);
    expect(r.exitCode).toBe(0);
    // No staging directory left.
    expect(readdirSync(path.join(repo.dir, 'cdktf.out')).sort()).toEqual(['manifest.json', 'stacks']);
    const tf = JSON.parse(readFileSync(path.join(repo.dir, 'cdktf.out', 'stacks', 'apps', 'cdk.tf.json'), 'utf8'));
    expect(tf.terraform.backend.local).toEqual({
      path: '../../../.terraform-state/default.tfstate',
      workspace_dir: '../../../.terraform-state/workspaces',
    });
  });

  it('refuses a ref whose commit is not the checkout (the files on disk are what gets applied)', async () => {
    await git(repo.dir, 'branch', 'other');
    await repo.commitFile('notes.txt', 'x\n', 'main moves on');
    const r = await cli(repo.dir, ['run', '--ref', 'refs/heads/other']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        'refs/heads/other points at [0-9a-f]{12} but the checkout is at [0-9a-f]{12}: ' +
          'check out refs/heads/other first',
      ),
    );
    const json = await cli(repo.dir, ['run', '--ref', 'refs/heads/other', '--json']);
    expect(json.exitCode).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'error',
      exitCode: 2,
      message: expect.stringMatching(/check out refs\/heads\/other/),
    });
  });

  it('refuses to apply uncommitted changes, but plans them on a feature branch', async () => {
    writeFileSync(path.join(repo.dir, 'main.ts'), `${await git(repo.dir, 'show', 'HEAD:main.ts')}\n// local edit\n`);
    const main = await cli(repo.dir, ['run']);
    expect(main.exitCode).toBe(2);
    expect(main.stderr).toMatch(/refusing to apply uncommitted changes .*main\.ts/);
    await git(repo.dir, 'switch', '-q', '-c', 'feature/wip');
    const feature = await cli(repo.dir, ['run', '--json']);
    expect(feature.exitCode).toBe(0);
    expect(JSON.parse(feature.stdout)).toMatchObject({ trigger: 'feature-branch', status: 'succeeded' });
    await git(repo.dir, 'checkout', '-q', '--', 'main.ts');
    await git(repo.dir, 'switch', '-q', 'main');
  });

  it('a manual `apply --env` is recorded as manual, and the gate does not accept it', async () => {
    const apply = await cli(repo.dir, ['apply', '--env', 'ops', '--json']);
    expect(apply.exitCode).toBe(0);
    expect(JSON.parse(apply.stdout)).toMatchObject({
      environment: 'ops',
      status: 'applied',
      record: { trigger: 'manual', ref: 'refs/heads/main' },
    });
    expect((await statusRecords(repo.dir)).ops).toMatchObject({
      commit: await git(repo.dir, 'rev-parse', 'HEAD'),
      trigger: 'manual',
    });
    await git(repo.dir, 'tag', 'apps-deploy-manual');
    const deploy = await cli(repo.dir, ['run', '--ref', 'refs/tags/apps-deploy-manual', '--json']);
    expect(deploy.exitCode).toBe(3);
    expect(JSON.parse(deploy.stdout).message).toMatch(/its last apply was 'manual'/);
  });

  it('an apply outside the pipeline clears the record, so it is never stale evidence', async () => {
    const run = await cli(repo.dir, ['run']);
    expect(run.exitCode).toBe(0);
    expect((await statusRecords(repo.dir)).ops).toMatchObject({ trigger: 'main' });
    // What `cdktf deploy ops` with TF_WORKSPACE=ops does: apply the stack without the record variable.
    await execa('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], {
      cwd: path.join(repo.dir, 'cdktf.out', 'stacks', 'ops'),
      env: { ...cleanEnv(), TF_WORKSPACE: 'ops', TF_IN_AUTOMATION: '1' },
      extendEnv: false,
    });
    expect((await statusRecords(repo.dir)).ops).toBeNull();
  });
});

// git status hides untracked files unless asked: an applied file that is in no commit breaks the record.
describe('untracked files the project imports', () => {
  const repo = useExampleRepo();
  const BASE = "const base: AppConfig = { replicas: 1, hostname: 'ops.example.internal' };";

  it.each([
    ['settings.ts', /refusing to apply uncommitted changes .*settings\.ts/],
    ['config/extra.ts', /refusing to apply uncommitted changes .*config\/extra\.ts/],
  ])('an applying run refuses while %s is untracked, and applies once it is committed', async (file, refusal) => {
    const original = readFileSync(path.join(EXAMPLE, 'main.ts'), 'utf8');
    expect(original).toContain(BASE);
    const module = `./${file.replace(/\.ts$/, '.js')}`;
    await repo.commitFile('main.ts', original.replace(BASE, `import { base } from '${module}';`), `import ${file}`);
    mkdirSync(path.dirname(path.join(repo.dir, file)), { recursive: true });
    writeFileSync(
      path.join(repo.dir, file),
      "export const base = { replicas: 1, hostname: 'ops.example.internal' };\n",
    );
    expect(await git(repo.dir, 'status', '--porcelain', '--untracked-files=all')).toBe(`?? ${file}`);

    const refused = await cli(repo.dir, ['run']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(refusal);

    await git(repo.dir, 'add', '--', file);
    await git(repo.dir, 'commit', '-q', '-m', `add ${file}`);
    const applied = await cli(repo.dir, ['run', '--json']);
    expect(applied.exitCode).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ trigger: 'main', status: 'succeeded' });
  });
});
