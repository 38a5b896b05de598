import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { useExampleRepo } from '../helpers/example-repo.js';
import { brief, runOutcome } from '../helpers/run-json.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { projectSource } from './project-source.js';

// Sensitive inputs and outputs never reach the CLI's output, JSON, summary, or a leftover plan file.

const SECRET_INPUT = 's3cr3t-value-123';
const SECRET_OUTPUT = 't0ken-s3cr3t-456';

const extra = `
      const secret = new TerraformVariable(stack, 'secret_input', { type: 'string', sensitive: true, default: ${JSON.stringify(SECRET_INPUT)} });
      new DataResource(stack, 'uses_secret', { input: { password: secret.stringValue } });
      new TerraformOutput(stack, 'token', { value: ${JSON.stringify(SECRET_OUTPUT)}, sensitive: true });`;

describe('secrets (real terraform)', () => {
  const tmp = useTempDir('cdktf-gitops-secrets-');
  const repo = useExampleRepo({ mainTs: projectSource({ extra }) });

  it('appear nowhere in run --json --verbose, its summary, or status', async () => {
    const env = { APPLY_LOG: path.join(tmp(), 'applied.log') };
    const summaryFile = path.join(tmp(), 'summary.md');
    const run = await cli(
      repo.dir,
      ['run', '--json', '--verbose', '--summary-file', summaryFile, '--ref', 'refs/heads/main'],
      env,
    );
    const outcome = runOutcome(run);
    expect(brief(outcome)).toEqual({
      exitCode: 0,
      status: 'succeeded',
      message: null,
      stages: ['ops: applied', 'apps: planned'],
    });
    // The secrets were really used: the resource holding one was created, and verbose output was on.
    expect(outcome.json.stages[0]!.resourceChanges.map((c) => c.address)).toContain('terraform_data.uses_secret');
    expect(run.stderr).toMatch(/apply_complete|Apply complete/);
    const state = readFileSync(
      path.join(repo.dir, '.terraform-state', 'workspaces', 'ops', 'terraform.tfstate'),
      'utf8',
    );
    expect(state).toContain(SECRET_INPUT);

    const status = await cli(repo.dir, ['status', '--json', '--verbose'], env);
    expect(status.exitCode).toBe(0);
    const everything = {
      stdout: run.stdout,
      stderr: run.stderr,
      summary: readFileSync(summaryFile, 'utf8'),
      status: status.stdout + status.stderr,
    };
    for (const [where, text] of Object.entries(everything)) {
      expect({ where, leaks: [SECRET_INPUT, SECRET_OUTPUT].filter((s) => text.includes(s)) }).toEqual({
        where,
        leaks: [],
      });
    }
    // Saved plans hold sensitive values in clear: none is left behind in the stack directories.
    const stacks = path.join(repo.dir, 'cdktf.out', 'stacks');
    const planFiles = readdirSync(stacks).flatMap((s) =>
      readdirSync(path.join(stacks, s)).filter((f) => f.endsWith('.tfplan')),
    );
    expect(planFiles).toEqual([]);
  });
});
