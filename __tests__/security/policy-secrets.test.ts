import { jest } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';

// Finding 6 of the security review: a policy reads the plan with every sensitive value redacted,
// whatever its JSON type and wherever terraform copied it unmarked, and never gets credentials.

jest.setTimeout(300_000);

const PIN = 482913;
const PASSWORD = 'pw-0xC0FFEE-do-not-print';

/** A secret number and a secret string, used directly and copied through a resource's output. */
const mainTs = (policy: string) => `import { DataResource, TerraformVariable } from 'cdktf';
import { defineProject, EnvironmentStack, isEntrypoint } from 'cdktf-gitops';

export const project = defineProject({
  environments: ['ops', 'apps'],
  protectedEnvironments: [],
  policies: [{ name: 'show', command: ${JSON.stringify(policy)} }],
  stacks: (app) => {
    for (const env of ['ops', 'apps']) {
      const stack = new EnvironmentStack(app, env);
      const pin = new TerraformVariable(stack, 'pin', { type: 'number', sensitive: true });
      const password = new TerraformVariable(stack, 'password', { type: 'string', sensitive: true });
      const creds = new DataResource(stack, 'creds', { input: { pin: pin.numberValue, password: password.stringValue } });
      new DataResource(stack, 'copy', { input: { copied: creds.output } });
      new DataResource(stack, 'plain', { input: { replicas: 3, enabled: true } });
    }
  },
});

if (isEntrypoint(import.meta.url)) project.createApp().synth();
`;

describe('policy input and environment', () => {
  let tmp: string;
  let repo: ExampleRepo;
  const deny = () => path.join(tmp, 'deny');
  beforeAll(async () => {
    tmp = makeTempDir('cdktf-gitops-policy-secrets-');
    // The policy keeps what it was given and prints what a careless policy would; it denies on demand.
    const keep = `cat > ${path.join(tmp, 'input.json')}; env > ${path.join(tmp, 'env.txt')}`;
    const policy = `${keep}; echo "pin=${PIN} password=${PASSWORD}"; [ -f ${deny()} ] && exit 1; exit 0`;
    repo = await exampleRepo({ mainTs: mainTs(policy) });
  });
  afterAll(() => {
    repo.remove();
    removeDir(tmp);
  });

  const env = {
    TF_VAR_pin: String(PIN),
    TF_VAR_password: PASSWORD,
    PG_CONN_STR: 'postgres://writer:pg-secret@db/terraform',
    AWS_SECRET_ACCESS_KEY: 'aws-secret-key',
    TF_TOKEN_app_terraform_io: 'tf-cloud-token',
    CDKTF_GITOPS_RECORD_KEY: 'record-key-secret',
  };

  it('no copy of a sensitive value of any type, and no credential, reaches the policy or what it prints', async () => {
    // The first apply puts the secrets into the state, where the next plan reads them back (prior state).
    expect((await cli(repo.dir, ['run'], env)).exitCode).toBe(0);
    await repo.commitFile('notes.txt', 'next\n', 'next commit');
    writeFileSync(deny(), '');
    const summary = path.join(tmp, 'summary.md');
    writeFileSync(summary, '');
    // Planned in full: the commit changes no stack, and the point is a plan whose prior state holds the secrets.
    const r = await cli(repo.dir, ['run', '--json', '--full', '--summary-file', summary], env);
    expect(r.exitCode).toBe(3);
    const input = readFileSync(path.join(tmp, 'input.json'), 'utf8');
    // The policy really read the plan, with the state holding the secrets and their unmarked copies.
    const plan = JSON.parse(input);
    const prior = JSON.stringify(plan.prior_state);
    expect(prior).toContain('terraform_data.copy');
    expect(prior).toContain('(sensitive value)');
    expect(input).toContain('"replicas":3');
    expect(input).toContain('"enabled":true');
    const everything = [input, readFileSync(summary, 'utf8'), r.stdout, r.stderr].join('\n');
    expect(everything).not.toContain(String(PIN));
    expect(everything).not.toContain(PASSWORD);
    expect(JSON.parse(r.stdout).message).toContain('pin=(sensitive value) password=(sensitive value)');
    const policyEnv = readFileSync(path.join(tmp, 'env.txt'), 'utf8');
    for (const name of Object.keys(env)) expect(policyEnv).not.toContain(`${name}=`);
    for (const value of Object.values(env)) expect(policyEnv).not.toContain(value);
    expect(policyEnv).toMatch(/^PATH=/m);
  });
});
