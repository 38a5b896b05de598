import { jest } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { copyExample } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { resources } from './project.js';

// Finding 5 of the security review: what is applied is exactly the commit, files outside the
// project directory included.

jest.setTimeout(300_000);

describe('nothing uncommitted is applied, anywhere in the repository', () => {
  let root: string;
  let infra: string;
  beforeAll(async () => {
    root = makeTempDir('cdktf-gitops-monorepo-');
    infra = copyExample(path.join(root, 'infra'));
    mkdirSync(path.join(root, 'shared'));
    writeFileSync(path.join(root, 'shared', 'settings.ts'), 'export const replicas = 2;\n');
    const main = readFileSync(path.join(infra, 'main.ts'), 'utf8')
      .replace(
        "import { DataResource } from 'cdktf';",
        "import { DataResource } from 'cdktf';\nimport { replicas } from '../shared/settings.ts';",
      )
      .replace('replicas: config.replicas', 'replicas: config.replicas * replicas');
    expect(main).toContain('config.replicas * replicas');
    writeFileSync(path.join(infra, 'main.ts'), main);
    await git(root, 'init', '-q', '-b', 'main');
    await git(root, 'add', '-A');
    await git(root, 'commit', '-q', '-m', 'infra in a monorepo');
  });
  afterAll(() => removeDir(root));

  it('refuses an edit of a file main.ts imports from outside the project directory', async () => {
    writeFileSync(path.join(root, 'shared', 'settings.ts'), 'export const replicas = 99;\n');
    const r = await cli(root, ['run', '--project', 'infra']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /refusing to apply uncommitted changes \(the record would name [0-9a-f]{12}\): shared\/settings\.ts/,
    );
    expect(resources(infra, 'ops')).toEqual([]);
    await git(root, 'checkout', '-q', '--', 'shared/settings.ts');
  });

  it('refuses an untracked file anywhere in the repository, and applies once it is committed', async () => {
    writeFileSync(path.join(root, 'shared', 'new.ts'), 'export const more = 1;\n');
    const r = await cli(root, ['run', '--project', 'infra']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/refusing to apply uncommitted changes .*shared\/new\.ts/);
    await git(root, 'add', '-A');
    await git(root, 'commit', '-q', '-m', 'more settings');
    expect((await cli(root, ['run', '--project', 'infra'])).exitCode).toBe(0);
    expect(resources(infra, 'ops')).toEqual(['terraform_data.dns', 'terraform_data.web']);
  });
});
