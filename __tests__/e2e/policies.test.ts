import { jest } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { exampleRepo, type ExampleRepo } from '../helpers/example-repo.js';
import { git } from '../helpers/git.js';
import { jsonOutput, statusRecords } from '../helpers/run-json.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { MAIN_TS, policyScript, PROJECT_ENV, SECRET, type ReviewConfig } from './review-project.js';

// End to end, real CLI and terraform: policy commands read the redacted plan before every apply.
// The project feeds a secret through a sensitive variable into a resource and a sensitive output;
// it must reach the state (terraform keeps it there) but no policy input, output, log, JSON or summary.

interface PolicyJson {
  name: string;
  passed: boolean;
  exitCode?: number;
  timedOut: boolean;
  output: string;
  message?: string;
}
interface RunJson {
  status: string;
  message?: string;
  stages: {
    environment: string;
    status: string;
    refusal?: string;
    policies?: PolicyJson[];
    record?: { commit: string };
  }[];
}

const resources = { ops: [{ name: 'a' }], apps: [{ name: 'a' }], 'apps-prod': [{ name: 'a' }] };

// Each test drives several CLI runs with real terraform: more than the default 120 s on a loaded machine.
jest.setTimeout(600_000);

describe('policy hooks', () => {
  let repo: ExampleRepo;
  let scripts: string;
  beforeAll(async () => {
    repo = await exampleRepo({ mainTs: MAIN_TS });
    scripts = makeTempDir('cdktf-gitops-policies-');
    await commit({ resources }, 'no policies yet');
    // ops gets applied once, so the next plans carry the secret in their prior state too.
    expect((await run()).exitCode).toBe(0);
  });
  afterAll(() => {
    repo.remove();
    removeDir(scripts);
  });

  async function commit(config: ReviewConfig, message: string): Promise<void> {
    await repo.commitFile('config.json', `${JSON.stringify(config, null, 2)}\n`, message);
  }

  async function run(): Promise<{ exitCode: number; json: RunJson; stdout: string; stderr: string; summary: string }> {
    const summaryFile = path.join(scripts, 'summary.md');
    writeFileSync(summaryFile, '');
    // Planned in full: a commit that changes only the policies changes no stack, and an unchanged
    // stack has no plan for them to check (docs/change-detection.md).
    const r = await cli(repo.dir, ['run', '--json', '--full', '--summary-file', summaryFile], PROJECT_ENV);
    return {
      exitCode: r.exitCode,
      json: jsonOutput<RunJson>(r, 'run'),
      stdout: r.stdout,
      stderr: r.stderr,
      summary: readFileSync(summaryFile, 'utf8'),
    };
  }

  const expectNoSecret = (...texts: string[]) => {
    for (const t of texts) expect(t).not.toContain(SECRET);
  };

  it('an allowing policy passes; an echoing one shows the input is redacted and no secret reaches anything', async () => {
    const input = path.join(scripts, 'input.json');
    const echo = policyScript(
      scripts,
      'echo.sh',
      `tee ${JSON.stringify(input)} | node -e '
      const p = JSON.parse(require("fs").readFileSync(0, "utf8"));
      const secret = p.resource_changes.find((r) => r.address === "terraform_data.secret");
      const tfVars = Object.keys(process.env).filter((k) => k.startsWith("TF_VAR_"));
      console.log(JSON.stringify({ variable: p.variables.db_password, output: p.planned_values.outputs.db_password_out, after: secret.change.after, tfVars }));'`,
    );
    await commit(
      {
        resources,
        policies: [
          { name: 'allow', command: 'exit 0' },
          { name: 'echo', command: [echo] },
        ],
      },
      'policies: allow, echo',
    );
    const { exitCode, json, stdout, stderr, summary } = await run();
    expect(exitCode).toBe(0);
    const ops = json.stages.find((s) => s.environment === 'ops')!;
    expect(ops.status).toBe('applied');
    expect(ops.policies!.map((p) => [p.name, p.passed, p.exitCode])).toEqual([
      ['allow', true, 0],
      ['echo', true, 0],
    ]);
    const echoed = JSON.parse(ops.policies![1]!.output) as Record<string, unknown>;
    expect(echoed).toEqual({
      variable: { value: '(sensitive value)' },
      output: { sensitive: true, type: 'string', value: '(sensitive value)' },
      // terraform marks only `input` sensitive; `output` is its unmarked copy, redacted as well.
      after: expect.objectContaining({
        input: { password: '(sensitive value)' },
        output: { password: '(sensitive value)' },
      }),
      // Terraform's input variables (possibly secrets) are not in a policy's environment.
      tfVars: [],
    });
    const plan = readFileSync(input, 'utf8');
    const prior = (
      JSON.parse(plan) as {
        prior_state: { values: { root_module: { resources: { address: string; values: unknown }[] } } };
      }
    ).prior_state.values.root_module.resources.find((r) => r.address === 'terraform_data.secret');
    expect(prior?.values).toMatchObject({
      input: { password: '(sensitive value)' },
      output: { password: '(sensitive value)' },
    });
    expectNoSecret(plan, stdout, stderr, summary);
    expect(summary).toMatch(/✅ Policy `allow` passed \(ops\)/);
    // The secret is real: terraform keeps it in the state, where it belongs.
    expect(
      readFileSync(path.join(repo.dir, '.terraform-state', 'workspaces', 'ops', 'terraform.tfstate'), 'utf8'),
    ).toContain(SECRET);
  });

  it('a denying policy refuses the apply (exit 3) with its output in the JSON and the summary', async () => {
    const before = await git(repo.dir, 'rev-parse', 'HEAD');
    await commit(
      {
        resources,
        policies: [
          { name: 'allow', command: 'exit 0' },
          { name: 'deny', command: 'echo "deny: nothing changes on Fridays" >&2; exit 4' },
        ],
      },
      'policies: deny',
    );
    const { exitCode, json, stdout, stderr, summary } = await run();
    expect(exitCode).toBe(3);
    expect(json.status).toBe('refused');
    expect(json.stages.map((s) => [s.environment, s.status])).toEqual([
      ['ops', 'refused'],
      ['apps', 'skipped'],
    ]);
    const deny = json.stages[0]!.policies!.find((p) => p.name === 'deny')!;
    expect(deny).toMatchObject({
      passed: false,
      exitCode: 4,
      timedOut: false,
      output: 'deny: nothing changes on Fridays',
    });
    expect(json.message).toMatch(/^ops: policy 'deny' denied the plan \(exit 4\):\ndeny: nothing changes on Fridays/);
    expect(summary).toMatch(/⛔ policy 'deny' denied the plan \(exit 4\)\*\* \(ops\)/);
    expect(summary).toContain('deny: nothing changes on Fridays');
    expect(stderr).toMatch(/ops REFUSED before apply/);
    expectNoSecret(stdout, stderr, summary);
    // Nothing applied: ops still records the commit of the last successful run.
    expect((await statusRecords(repo.dir, PROJECT_ENV)).ops!.commit).toBe(before);
  });

  it('a hanging policy is killed with its whole process group after its timeout, with a clear message', async () => {
    const pids = path.join(scripts, 'hang.pids');
    const hang = policyScript(
      scripts,
      'hang.sh',
      `echo $$ > ${JSON.stringify(pids)}\nsleep 300 &\necho $! >> ${JSON.stringify(pids)}\nwait`,
    );
    await commit({ resources, policies: [{ name: 'hang', command: [hang], timeoutMs: 1500 }] }, 'policies: hang');
    const { exitCode, json, stdout, stderr, summary } = await run();
    expect(exitCode).toBe(3);
    expect(json.stages[0]!.policies![0]).toMatchObject({ name: 'hang', passed: false, timedOut: true });
    expect(json.message).toMatch(
      /policy 'hang' timed out after 1\.5s \(killed; raise its timeoutMs if it needs longer\)/,
    );
    expect(summary).toMatch(/policy 'hang' timed out after 1\.5s/);
    // Both pids written, or the checks below would pass for a policy killed before it started its child.
    const written = readFileSync(pids, 'utf8').trim().split('\n');
    expect(written).toEqual([expect.stringMatching(/^[1-9]\d*$/), expect.stringMatching(/^[1-9]\d*$/)]);
    const [shell, sleeper] = written.map(Number) as [number, number];
    expect(alive(shell)).toBe(false);
    expect(alive(sleeper)).toBe(false);
    expectNoSecret(stdout, stderr, summary);
  });
});

/** Whether a process runs (a zombie waiting for its parent to reap it does not). */
function alive(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  return !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
}
