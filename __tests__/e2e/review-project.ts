import { chmodSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

// A throwaway project for the checks between plan and apply: its resources and settings come from
// config.json, so a test changes the infrastructure by committing a new config.

/** One `terraform_data` resource; `replace` goes into `triggers_replace` (changing it replaces). */
export interface ReviewResource {
  readonly name: string;
  readonly replace?: string;
}

/** What config.json holds. */
export interface ReviewConfig {
  /** Resources per environment (ops, apps, apps-prod). */
  readonly resources: Readonly<Record<string, readonly ReviewResource[]>>;
  readonly protectedEnvironments?: readonly string[];
  readonly requireReviewedPlan?: boolean;
  readonly policies?: readonly { name: string; command: string[] | string; timeoutMs?: number }[];
  readonly verify?: readonly { name: string; command: string[] | string; environments?: string[] }[];
  readonly soakTime?: Readonly<Record<string, string>>;
  readonly notify?: readonly { url: string; events?: string[]; headers?: Record<string, string> }[];
  /** Every environment on the pg backend (`PG_CONN_STR`); default the local one. */
  readonly backend?: 'pg';
}

/** The secret the project reads from TF_VAR_db_password: no output, summary or policy input may show it. */
export const SECRET = 'hunter2-do-not-print-0xC0FFEE';

/** Environment of every CLI call on this project. */
export const PROJECT_ENV = { TF_VAR_db_password: SECRET };

/** main.ts: a sensitive variable used by `secret` in every stack, and a sensitive output of it. */
export const MAIN_TS = `import { readFileSync } from 'node:fs';
import { DataResource, TerraformOutput, TerraformVariable } from 'cdktf';
import { defineProject, EnvironmentStack, isEntrypoint } from 'cdktf-gitops';

const config = JSON.parse(readFileSync(new URL('./config.json', import.meta.url), 'utf8'));

export const project = defineProject({
  environments: ['ops', 'apps', 'apps-prod'],
  ...(config.protectedEnvironments ? { protectedEnvironments: config.protectedEnvironments } : {}),
  ...(config.requireReviewedPlan !== undefined ? { requireReviewedPlan: config.requireReviewedPlan } : {}),
  ...(config.policies ? { policies: config.policies } : {}),
  ...(config.verify ? { verify: config.verify } : {}),
  ...(config.soakTime ? { soakTime: config.soakTime } : {}),
  ...(config.notify ? { notify: config.notify } : {}),
  stacks: (app) => {
    for (const env of ['ops', 'apps', 'apps-prod']) {
      const stack = new EnvironmentStack(app, env, config.backend === 'pg' ? { backend: { type: 'pg' } } : {});
      const password = new TerraformVariable(stack, 'db_password', { type: 'string', sensitive: true });
      new DataResource(stack, 'secret', { input: { password: password.stringValue } });
      new TerraformOutput(stack, 'db_password_out', { value: password.stringValue, sensitive: true });
      for (const r of config.resources[env] ?? []) {
        new DataResource(stack, r.name, { input: { env, name: r.name }, ...(r.replace ? { triggersReplace: { version: r.replace } } : {}) });
      }
    }
  },
});

if (isEntrypoint(import.meta.url)) project.createApp().synth();
`;

/** Writes an executable policy script into `dir` and returns its path. */
export function policyScript(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}
