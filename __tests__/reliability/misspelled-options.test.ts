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

interface Case {
  readonly name: string;
  /** The example's main.ts with `from` replaced by `to`. */
  readonly from: string;
  readonly to: string;
  /** What the CLI says after `error: `, given main.ts' path. */
  readonly error: (entry: string) => string;
}

const cases: Case[] = [
  {
    name: 'two misspelled safety options in defineProject',
    from: '  environments: Object.keys(environments),\n',
    to: "  environments: Object.keys(environments),\n  requireReviewPlan: true,\n  protectedEnviroments: ['ops'],\n",
    error: (entry) =>
      `${entry}: unknown option 'requireReviewPlan' in defineProject; did you mean requireReviewedPlan?\n` +
      "unknown option 'protectedEnviroments' in defineProject; did you mean protectedEnvironments?",
  },
  {
    name: 'a misspelled backend setting (found while the stacks are built)',
    from: 'new EnvironmentStack(app, name)',
    to: "new EnvironmentStack(app, name, { backend: { type: 'local', stateDirectory: 'state' } })",
    error: (entry) =>
      `synthesis of ${entry} failed: unknown option 'stateDirectory' in backend 'local'; did you mean stateDir?`,
  },
];

describe.each(cases)('$name (real CLI)', (c) => {
  const repo = useExampleRepo({ mainTs: exampleWith(c.from, c.to) });
  const error = () => c.error(path.join(repo.dir, 'main.ts'));

  it('run: exit 2 naming each key and the option it resembles; nothing synthesized or applied', async () => {
    const r = await cli(repo.dir, ['run', '--ref', 'refs/heads/main']);
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `error: ${error()}` });
    for (const made of ['.terraform-state', 'state', 'cdktf.out/stacks']) {
      expect([made, existsSync(path.join(repo.dir, made))]).toEqual([made, false]);
    }
  });

  it('explain says the same, and run --json as its error document', async () => {
    const explain = await cli(repo.dir, ['explain', '--ref', 'refs/heads/main']);
    expect([explain.exitCode, explain.stderr]).toEqual([2, `error: ${error()}`]);
    const json = await cli(repo.dir, ['run', '--json', '--ref', 'refs/heads/main']);
    expect([json.exitCode, JSON.parse(json.stdout)]).toEqual([2, { status: 'error', exitCode: 2, message: error() }]);
  });
});
