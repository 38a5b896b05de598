import { copyFileSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { CDK_LIBRARIES, CdkLibraryMissingError, noCdkLibraryMessage } from '../../stacks/cdk-install.js';
import { cli } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { useExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { BIN, CDKTN_EXAMPLE, EXAMPLE, ROOT } from '../helpers/paths.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { runRecordingModules } from './modules.js';

// cdktf-gitops builds on the project's own CDK library (a peer dependency): it loads only that one,
// and says what to install when there is none.

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

describe('the CDK libraries as peer dependencies', () => {
  it('are the ranges package.json declares, each optional (the project installs one), constructs required', () => {
    for (const [library, { range }] of Object.entries(CDK_LIBRARIES)) {
      expect([library, pkg.peerDependencies[library], pkg.peerDependenciesMeta[library]?.optional]).toEqual([
        library,
        range,
        true,
      ]);
    }
    expect([pkg.peerDependencies.constructs, pkg.peerDependenciesMeta.constructs]).toEqual(['^10.4.2', undefined]);
  });

  it('name the library, the command that installs it and the other flavour when one is missing', () => {
    expect(new CdkLibraryMissingError('cdktn').message).toBe(
      "'cdktf-gitops/cdktn' builds on the project's own cdktn (CDK Terrain, ^0.24.0), which is not installed: " +
        'npm install cdktn@^0.24.0 (a CDK for Terraform project installs cdktf instead ' +
        "and imports from 'cdktf-gitops')",
    );
  });
});

describe('a project with neither cdktf nor cdktn (real CLI)', () => {
  const tmp = useTempDir('cdktf-gitops-no-cdk-');

  it('is exit 2 saying what to install, before anything is built', async () => {
    const dir = path.join(tmp(), 'project');
    mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
    // Only cdktf-gitops itself is installed (the checkout, whose own cdktf the project cannot see).
    symlinkSync(ROOT, path.join(dir, 'node_modules', 'cdktf-gitops'), 'dir');
    for (const file of ['main.ts', 'cdktf.json']) copyFileSync(path.join(EXAMPLE, file), path.join(dir, file));
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'add', 'main.ts', 'cdktf.json');
    await git(dir, 'commit', '-q', '-m', 'initial');
    const r = await cli(dir, ['run', '--ref', 'refs/heads/main']);
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({
      exitCode: 2,
      stderr: `error: ${dir}: ${noCdkLibraryMessage()}`,
    });
    expect(noCdkLibraryMessage()).toBe(
      "neither cdktf nor cdktn is installed: cdktf-gitops uses the project's own CDK library: " +
        "npm install cdktf@^0.21.0 (CDK for Terraform; main.ts imports from 'cdktf-gitops') or " +
        "npm install cdktn@^0.24.0 (CDK Terrain; main.ts imports from 'cdktf-gitops/cdktn')",
    );
  });
});

describe('each flavour loads only its own library, though this checkout has both installed (real CLI)', () => {
  const cdktf = useExampleRepo();
  const cdktn = useExampleRepo({ example: CDKTN_EXAMPLE });

  it.each([
    ['cdktn', 'cdktf', () => cdktn.dir],
    ['cdktf', 'cdktn', () => cdktf.dir],
  ])('a %s project: a run loads no file of %s', async (library, other, dir) => {
    const args = ['run', '--json', '--ref', 'refs/heads/main'];
    const r = await runRecordingModules(BIN, args, { cwd: dir(), env: cleanEnv() });
    expect(r.exitCode).toBe(0);
    expect(r.modules.some((m) => m.includes(`/node_modules/${library}/`))).toBe(true);
    expect(r.modules.filter((m) => m.includes(`/node_modules/${other}/`))).toEqual([]);
  });
});
