import * as fs from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { linkNodeModules } from '../helpers/example-repo.js';
import { ROOT } from '../helpers/paths.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';

const ENVIRONMENTS = ['ops', 'apps', 'apps-prod'];
/** Two stacks per environment: `<env>-platform` and `<env>-services`. */
const STACKS = ENVIRONMENTS.flatMap((env) => [`${env}-platform`, `${env}-services`]);

/** A throwaway copy of the project, sharing node_modules, so synth writes nothing into the work tree. */
function copyProject(): string {
  const dir = makeTempDir('cdktf-synth-test-');
  for (const entry of ['main.ts', 'cdktf.json', 'package.json', 'tsconfig.json', 'stacks', 'bin']) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  return linkNodeModules(dir);
}

describe('npx cdktf synth of the project', () => {
  let dir: string;
  // No telemetry or version checks: nothing is reachable from the test machines.
  const env = { CHECKPOINT_DISABLE: '1', CI: '1' };
  beforeAll(() => {
    dir = copyProject();
  });
  afterAll(() => removeDir(dir));

  it('does nothing when main.ts is only imported', async () => {
    await execa('node', ['--import', 'tsx', '--input-type=module', '-e', "await import('./main.ts')"], {
      cwd: dir,
      env,
    });
    expect(fs.existsSync(path.join(dir, 'cdktf.out'))).toBe(false);
  }, 60_000);

  it('writes two stacks per environment with the kubernetes provider and state outside cdktf.out', async () => {
    await execa('npx', ['cdktf', 'synth'], { cwd: dir, env });
    for (const stack of STACKS) {
      const file = path.join(dir, 'cdktf.out', 'stacks', stack, 'cdk.tf.json');
      expect(fs.existsSync(file)).toBe(true);
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      const [, environment, name] = /^(.*)-(platform|services)$/.exec(stack)!;
      expect(json.provider.kubernetes).toEqual([{ config_path: '~/.kube/config', config_context: environment }]);
      expect(json.terraform.required_providers.kubernetes).toBeDefined();
      const stackDir = path.dirname(file);
      const stateDir = path.resolve(stackDir, path.dirname(json.terraform.backend.local.path));
      // Each named stack keeps its state in a directory of its own under the project's state directory.
      expect(stateDir).toBe(path.join(dir, '.terraform-state', 'stacks', name!));
      expect(path.relative(path.join(dir, 'cdktf.out'), stateDir).startsWith('..')).toBe(true);
      expect(path.resolve(stackDir, json.terraform.backend.local.workspace_dir)).toBe(
        path.join(stateDir, 'workspaces'),
      );
    }
    expect(fs.readdirSync(path.join(dir, 'cdktf.out', 'stacks')).sort()).toEqual([...STACKS].sort());
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'manifest.json'), 'utf8'));
    for (const environment of ENVIRONMENTS) {
      expect(manifest.stacks[`${environment}-services`].dependencies).toEqual([`${environment}-platform`]);
    }
  }, 120_000);

  // cdktf.json's app (bin/cdktf-gitops-app) bundles main.ts on every run.
  it('synthesizes an edited main.ts, never an earlier build, and leaves no bundle behind', async () => {
    const main = fs.readFileSync(path.join(dir, 'main.ts'), 'utf8');
    const edited = main.replace(
      'if (isEntrypoint(',
      "import { TerraformOutput } from 'cdktf';\n" +
        'if (isEntrypoint(import.meta.url)) {\n  const app = project.createApp();\n' +
        "  new TerraformOutput(app.node.findChild('ops-platform') as never, 'edited', { value: 'yes' });\n" +
        '  app.synth();\n} else if (isEntrypoint(',
    );
    expect(edited).not.toBe(main);
    fs.writeFileSync(path.join(dir, 'main.ts'), edited);
    try {
      await execa('npx', ['cdktf', 'synth'], { cwd: dir, env });
      const file = path.join(dir, 'cdktf.out', 'stacks', 'ops-platform', 'cdk.tf.json');
      const ops = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(ops.output.edited.value).toBe('yes');
      expect(fs.readdirSync(dir).filter((f) => f.includes('.synth-'))).toEqual([]);
    } finally {
      fs.writeFileSync(path.join(dir, 'main.ts'), main);
    }
  }, 120_000);
});
