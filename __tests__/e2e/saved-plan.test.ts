import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { brief, runOutcome } from '../helpers/run-json.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { policyScript } from './review-project.js';

// An apply applies the saved plan that was checked, never a fresh one: a policy (which runs between
// plan and apply) edits the synthesized stack on disk, and the state must show the planned value.

const PLANNED = 'the value that was planned';
const EDITED = 'edited after the plan';

/** main.ts: one `terraform_data.reviewed` per environment, and a policy running `policy`. */
function mainTs(policy: string): string {
  return `import { DataResource } from 'cdktf';
import { defineProject, EnvironmentStack, isEntrypoint } from 'cdktf-gitops';

const environments = ['ops', 'apps', 'apps-prod'];

export const project = defineProject({
  environments,
  policies: [{ name: 'edit-after-plan', command: [${JSON.stringify(policy)}] }],
  stacks: (app) => {
    for (const name of environments) {
      new DataResource(new EnvironmentStack(app, name), 'reviewed', { input: ${JSON.stringify(PLANNED)} });
    }
  },
});

if (isEntrypoint(import.meta.url)) project.createApp().synth();
`;
}

describe('an apply uses the saved plan (real CLI and terraform)', () => {
  let tmp: string;
  let repo: ExampleRepo;

  beforeAll(async () => {
    tmp = makeTempDir('cdktf-gitops-saved-plan-');
    // The script is written once the repository exists: it edits that repository's ops stack.
    repo = await exampleRepo({ mainTs: mainTs(path.join(tmp, 'edit.sh')) });
    policyScript(tmp, 'edit.sh', `cat > /dev/null\nsed -i 's/${PLANNED}/${EDITED}/' '${opsStack()}'`);
  });
  afterAll(() => {
    repo?.remove();
    removeDir(tmp);
  });

  const opsStack = () => path.join(repo.dir, 'cdktf.out', 'stacks', 'ops', 'cdk.tf.json');

  /** `terraform_data.reviewed`'s input in the workspace's state (the local backend's file). */
  function appliedInput(workspace: string): unknown {
    const file = path.join(repo.dir, '.terraform-state', 'workspaces', workspace, 'terraform.tfstate');
    const state = JSON.parse(readFileSync(file, 'utf8')) as {
      resources: { name: string; instances: { attributes: { input: { value: unknown } } }[] }[];
    };
    return state.resources.find((r) => r.name === 'reviewed')?.instances[0]?.attributes.input.value;
  }

  it('applies the value that was planned although the stack on disk changed between plan and apply', async () => {
    const run = runOutcome(await cli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main']));
    expect(brief(run)).toMatchObject({ exitCode: 0, status: 'succeeded', stages: ['ops: applied', 'apps: planned'] });
    // The policy did edit the stack before the apply: a fresh plan would have read the edit.
    const onDisk = readFileSync(opsStack(), 'utf8');
    expect(onDisk).toContain(EDITED);
    expect(onDisk).not.toContain(PLANNED);
    expect(appliedInput('ops')).toBe(PLANNED);
  });
});
