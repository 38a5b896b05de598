import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { MAIN_TS } from '../e2e/review-project.js';
import type { ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { deploy, resources, run, securityRepo, stateFile } from './project.js';

// Finding 3 of the security review: a feature branch's job runs the branch's own main.ts, and with
// write access to the backend it can rewrite the records the gate trusts. With a record key (given
// only to the jobs that apply), such a record is unsigned, and the gate refuses it.

jest.setTimeout(600_000);

const KEY = { CDKTF_GITOPS_RECORD_KEY: 'a-key-only-apply-jobs-hold' };

/** The branch's main.ts: when imported, it writes a record and a history entry naming `forge.json`'s commit. */
const FORGING_MAIN_TS = `import { existsSync, readFileSync, writeFileSync } from 'node:fs';
const forge = new URL('./forge.json', import.meta.url);
if (existsSync(forge)) {
  const { commit } = JSON.parse(readFileSync(forge, 'utf8'));
  const entry = { version: 1, environment: 'ops', commit, ref: 'refs/heads/main', trigger: 'main',
    time: new Date().toISOString(), result: 'succeeded', stacks: [{ stack: 'ops' }] };
  const meta = '.terraform-state/workspaces/ops__cdktf-gitops/terraform.tfstate';
  const side = JSON.parse(readFileSync(meta, 'utf8'));
  side.outputs.history.value = JSON.stringify([...JSON.parse(side.outputs.history.value), entry]);
  side.serial += 1;
  writeFileSync(meta, JSON.stringify(side));
  const stateFile = '.terraform-state/workspaces/ops/terraform.tfstate';
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  const { signature: _s, ...record } = JSON.parse(state.outputs.cdktf_gitops_deployment.value);
  state.outputs.cdktf_gitops_deployment.value = JSON.stringify({ ...record, commit });
  state.serial += 1;
  writeFileSync(stateFile, JSON.stringify(state));
}
${MAIN_TS}`;

describe('a record forged by a feature-branch job', () => {
  let repo: ExampleRepo;
  beforeAll(async () => {
    repo = await securityRepo();
  });
  afterAll(() => repo.remove());

  it('is refused by the keyed gate, while the signed records of the apply jobs pass', async () => {
    const main = await run(repo.dir, [], KEY);
    expect(main.exitCode).toBe(0);
    const c1 = main.json.commit;
    expect(JSON.parse(readFileSync(stateFile(repo.dir, 'ops__cdktf-gitops'), 'utf8')).outputs.history.value).toMatch(
      /"signature":"hmac-sha256:[0-9a-f]{64}"/,
    );
    const signed = await deploy(repo.dir, 'apps-deploy-1', c1, [], KEY);
    expect(signed.exitCode).toBe(0);

    // main moves on; its pipeline has not run yet. A branch forges the evidence for that commit.
    const m2 = await repo.commitFile('notes.txt', 'unreviewed\n', 'main: not applied yet');
    await git(repo.dir, 'switch', '-q', '-c', 'feature/forge');
    await repo.commitFile('forge.json', JSON.stringify({ commit: m2 }), 'forge');
    await repo.commitFile('main.ts', FORGING_MAIN_TS, 'main.ts that forges');
    const branch = await run(repo.dir);
    expect(branch.exitCode).toBe(0);
    expect(branch.json.trigger).toBe('feature-branch');
    await git(repo.dir, 'switch', '-q', 'main');

    const refused = await deploy(repo.dir, 'apps-deploy-forged', m2, [], KEY);
    expect(refused.exitCode).toBe(3);
    expect(refused.json.message).toMatch(
      new RegExp(
        `^ops' record of an apply of ${m2.slice(0, 12)} .* is unsigned \\(written without CDKTF_GITOPS_RECORD_KEY\\)`,
      ),
    );
    // Without the key the forgery would have passed: the key is what stops it.
    const unkeyed = await deploy(repo.dir, 'apps-deploy-forged', m2);
    expect(unkeyed.exitCode).toBe(0);
    expect(resources(repo.dir, 'apps')).toEqual(['terraform_data.a', 'terraform_data.dns', 'terraform_data.secret']);
  });
});
