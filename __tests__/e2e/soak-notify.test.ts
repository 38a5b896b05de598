// Soak time and notifications end to end (real terraform, real git, a real HTTP server as the
// webhook): the gate waits out apps' soak time, the drift job announces it once, new drift is
// announced once, and a webhook that cannot be reached changes nothing.
import * as path from 'node:path';
import { jest } from '@jest/globals';
import { cli } from '../helpers/cli.js';
import type { ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { runTerraform } from '../helpers/terraform-project.js';
import { closedPort, webhookServer } from '../helpers/webhook.js';
import { BASE, deploy, run } from '../security/project.js';
import { securityRepo } from '../security/project.js';
import { PROJECT_ENV, SECRET } from './review-project.js';

jest.setTimeout(600_000);

/** Long enough for a deploy tag and a drift check to run inside it on a loaded machine. */
const SOAK_SECONDS = 30;
const TOKEN = 'webhook-token-1234';

/** `${NAME}`: a reference to an environment variable, replaced when a notification is sent. */
const ref = (name: string) => `$${'{'}${name}}`;

interface Body {
  event: string;
  text: string;
  status: string;
  environment?: string;
  commit?: string;
  next?: { environment: string; tag: string; command: string };
}

describe('soak time and notifications', () => {
  let repo: ExampleRepo;
  let hook: Awaited<ReturnType<typeof webhookServer>>;
  let deadUrl: string;
  let commit: string;
  let env: Record<string, string>;
  /** Bodies received since the last call. */
  let seen = 0;
  const fresh = (): Body[] => {
    const bodies = hook.received.slice(seen).map((r) => JSON.parse(r.body) as Body);
    seen = hook.received.length;
    return bodies;
  };
  const drift = () => cli(repo.dir, ['drift', '--json'], env);

  beforeAll(async () => {
    hook = await webhookServer([200]);
    deadUrl = `http://127.0.0.1:${await closedPort()}/hook`;
    env = { ...PROJECT_ENV, HOOK_URL: `${hook.url}/hook`, HOOK_TOKEN: TOKEN };
    repo = await securityRepo({
      resources: BASE,
      soakTime: { apps: `${SOAK_SECONDS}s` },
      // The URL and a header name environment variables: no secret in main.ts.
      notify: [{ url: ref('HOOK_URL'), headers: { Authorization: `Bearer ${ref('HOOK_TOKEN')}` } }, { url: deadUrl }],
    });
    commit = await git(repo.dir, 'rev-parse', 'HEAD');
  });
  afterAll(async () => {
    repo.remove();
    await hook.close();
  });

  it('main: run-finished and ops ready to promote, with the header; the unreachable target is a warning only', async () => {
    const main = await run(repo.dir, [], env);
    expect(main.exitCode).toBe(0);
    expect(main.json.status).toBe('succeeded');
    expect(main.stderr).toMatch(new RegExp(`notification 'run-finished' to ${deadUrl} failed`));
    const bodies = fresh();
    expect(bodies.map((b) => b.event)).toEqual(['run-finished', 'ready-to-promote']);
    expect(bodies[0]).toMatchObject({ status: 'succeeded', commit, ref: 'refs/heads/main' });
    expect(bodies[1]).toMatchObject({ environment: 'ops', commit, next: { environment: 'apps' } });
    expect(bodies[1]!.next!.command).toMatch(new RegExp(`^git tag apps-deploy-\\S+ ${commit} && git push origin`));
    expect(hook.received.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("apps-prod waits out apps' soak time (exit 3 naming when it opens); drift announces it once, then it passes", async () => {
    const apps = await deploy(repo.dir, 'apps-deploy-1', commit, [], env);
    expect(apps.exitCode).toBe(0);
    const appliedAt = Date.now();
    // Applied, but soaking: no ready-to-promote yet.
    expect(fresh().map((b) => b.event)).toEqual(['run-finished']);

    const early = await deploy(repo.dir, 'apps-prod-deploy-1', commit, [], env);
    expect(early.exitCode).toBe(3);
    expect(early.json.message).toMatch(
      new RegExp(
        `^apps-prod opens for ${commit.slice(0, 12)} at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(in \\d+s\\): apps applied it at .* and soaks for ${SOAK_SECONDS}s`,
      ),
    );
    expect(fresh().map((b) => [b.event, b.status])).toEqual([['run-finished', 'refused']]);
    const beforeSoak = await drift();
    expect(beforeSoak.exitCode).toBe(0);
    expect(fresh().filter((b) => b.event === 'ready-to-promote')).toEqual([]);

    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, appliedAt + SOAK_SECONDS * 1000 - Date.now()) + 500),
    );
    expect((await drift()).exitCode).toBe(0);
    const ready = fresh().filter((b) => b.event === 'ready-to-promote');
    expect(ready).toHaveLength(1);
    expect(ready[0]).toMatchObject({ environment: 'apps', commit, next: { environment: 'apps-prod' } });
    expect(ready[0]!.text).not.toMatch(/verified/); // apps has no verification hook
    expect((await drift()).exitCode).toBe(0);
    expect(fresh().filter((b) => b.event === 'ready-to-promote')).toEqual([]);

    const late = await deploy(repo.dir, 'apps-prod-deploy-2', commit, [], env);
    expect(late.exitCode).toBe(0);
    expect(late.json.gate).toMatchObject({ passed: true, message: expect.stringMatching(/soaked 30s/) });
    fresh();
  });

  it('new drift is announced once, until the environment is clean again', async () => {
    const stack = path.join(repo.dir, 'cdktf.out', 'stacks', 'ops');
    await runTerraform(stack, ['workspace', 'select', 'ops']);
    const rm = await runTerraform(stack, [
      'state',
      'rm',
      `-backup=${path.join(repo.dir, '..', 'ops.backup')}`,
      'terraform_data.a',
    ]);
    expect(rm.exitCode).toBe(0);
    expect((await drift()).exitCode).toBe(4);
    const drifted = fresh().filter((b) => b.event === 'drift');
    expect(drifted).toHaveLength(1);
    expect(drifted[0]).toMatchObject({ environment: 'ops', status: 'drifted', changes: { add: 1 } });
    expect((await drift()).exitCode).toBe(4);
    expect(fresh().filter((b) => b.event === 'drift')).toEqual([]);
  });

  it('freeze and unfreeze are announced; no body carries a secret and every text is one line', async () => {
    expect((await cli(repo.dir, ['freeze', 'apps-prod', '--reason', 'holidays'], env)).exitCode).toBe(0);
    expect((await cli(repo.dir, ['unfreeze', 'apps-prod'], env)).exitCode).toBe(0);
    expect(fresh().map((b) => [b.event, b.environment])).toEqual([
      ['frozen', 'apps-prod'],
      ['unfrozen', 'apps-prod'],
    ]);
    for (const r of hook.received) {
      expect(r.body).not.toContain(SECRET);
      expect((JSON.parse(r.body) as Body).text).not.toMatch(/\n/);
    }
  });
});
