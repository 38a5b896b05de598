import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from '../helpers/cli.js';
import { useExampleRepo } from '../helpers/example-repo.js';
import { EXAMPLE } from '../helpers/paths.js';

// A misspelled option in main.ts (bundled without a type check) stops the CLI before anything runs.

const example = readFileSync(path.join(EXAMPLE, 'main.ts'), 'utf8');

/** The example's main.ts with `from` replaced by `to` (failing loudly when the example changed). */
function exampleWith(from: string, to: string): string {
  if (!example.includes(from)) throw new Error(`the example's main.ts no longer contains ${from}`);
  return example.replace(from, to);
}

describe('misspelled safety options in defineProject (real CLI)', () => {
  const repo = useExampleRepo({
    mainTs: exampleWith(
      '  environments: Object.keys(environments),\n',
      "  environments: Object.keys(environments),\n  requireReviewPlan: true,\n  protectedEnviroments: ['ops'],\n",
    ),
  });

  it('exit 2 naming each key and the option it resembles; nothing synthesized or applied', async () => {
    const r = await cli(repo.dir, ['run', '--ref', 'refs/heads/main']);
    expect({ exitCode: r.exitCode, stdout: r.stdout }).toEqual({ exitCode: 2, stdout: '' });
    expect(r.stderr).toBe(
      `error: ${path.join(repo.dir, 'main.ts')}: ` +
        "unknown option 'requireReviewPlan' in defineProject; did you mean requireReviewedPlan?\n" +
        "unknown option 'protectedEnviroments' in defineProject; did you mean protectedEnvironments?",
    );
    expect(existsSync(path.join(repo.dir, '.terraform-state'))).toBe(false);
    expect(existsSync(path.join(repo.dir, 'cdktf.out', 'stacks'))).toBe(false);
  });

  it('the same for explain, and as the JSON error document', async () => {
    const explain = await cli(repo.dir, ['explain', '--ref', 'refs/heads/main']);
    expect(explain.exitCode).toBe(2);
    expect(explain.stderr).toContain('did you mean requireReviewedPlan?');
    const json = await cli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main']);
    expect(json.exitCode).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      status: 'error',
      exitCode: 2,
      message: expect.stringContaining("unknown option 'protectedEnviroments' in defineProject"),
    });
  });
});

describe('a misspelled backend setting (real CLI)', () => {
  const repo = useExampleRepo({
    mainTs: exampleWith(
      'new EnvironmentStack(app, name)',
      "new EnvironmentStack(app, name, { backend: { type: 'local', stateDirectory: 'state' } })",
    ),
  });

  it('fails the synthesis with exit 2 before terraform runs', async () => {
    const r = await cli(repo.dir, ['run', '--ref', 'refs/heads/main']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("unknown option 'stateDirectory' in backend 'local'; did you mean stateDir?");
    expect(existsSync(path.join(repo.dir, '.terraform-state'))).toBe(false);
    expect(existsSync(path.join(repo.dir, 'state'))).toBe(false);
  });
});
