import fs, { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { InputRecorder, RECORD_FILE } from '../../pipeline/project/build-record.js';
import { cli } from '../helpers/cli.js';
import { copyExample, useExampleRepo } from '../helpers/example-repo.js';
import { readLines } from '../helpers/files.js';
import { ROOT } from '../helpers/paths.js';
import { TempDirs } from '../helpers/temp-dir.js';

// Fast path: `explain` answers from the build record, without loading the project, when nothing the
// last build read has changed; whatever it read that changes makes it build the project again.

/** Named stacks whose names, dependency and count come from a bundled file, a read file and a variable. */
const MAIN_TS = `import { appendFileSync, readFileSync } from 'node:fs';
import { DataResource } from 'cdktf';
import { defineProject, EnvironmentStack, isEntrypoint } from 'cdktf-gitops';
import { stackNames } from './names.js';

export const project = defineProject({
  environments: ['ops', 'apps'],
  stacks: (app) => {
    appendFileSync(new URL('./built.log', import.meta.url), 'built\\n');
    const config = JSON.parse(readFileSync(new URL('./config.json', import.meta.url), 'utf8'));
    for (const env of ['ops', 'apps']) {
      const a = new EnvironmentStack(app, env, { stack: stackNames.first });
      const network = new DataResource(a, 'network', { input: env });
      const b = new EnvironmentStack(app, env, { stack: process.env.SECOND_STACK ?? 'b' });
      new DataResource(b, 'service', { input: config.dependent ? network.output : 'standalone' });
    }
  },
});

if (isEntrypoint(import.meta.url)) project.createApp().synth();
`;

type Explained = { stages: { environment: string; stacks?: { stack: string; dependsOn: string[] }[] }[] };

describe('explain from the build record', () => {
  const repo = useExampleRepo({ mainTs: MAIN_TS });
  const built = () => readLines(path.join(repo.dir, 'built.log')).length;
  const explain = async (env: Record<string, string> = {}, ref = 'refs/heads/main') => {
    const r = await cli(repo.dir, ['explain', '--ref', ref, '--json'], env);
    expect(r.exitCode).toBe(0);
    return { explained: JSON.parse(r.stdout) as Explained, fromRecord: r.stderr.includes('from the build record') };
  };
  const opsStacks = (e: Explained) => e.stages.find((s) => s.environment === 'ops')?.stacks;

  beforeAll(async () => {
    await repo.commitFile('names.ts', "export const stackNames = { first: 'a' };\n", 'names');
    await repo.commitFile('config.json', '{ "dependent": true }\n', 'config');
    // The log each build appends to: there before the first build, and not a change `run` would refuse.
    const ignore = path.join(repo.dir, '.gitignore');
    await repo.commitFile('.gitignore', `${readFileSync(ignore, 'utf8')}built.log\n`, 'ignore the build log');
    writeFileSync(path.join(repo.dir, 'built.log'), '');
  });

  it('answers a second explain without building the project, with what a build answers', async () => {
    const first = await explain();
    expect(first.fromRecord).toBe(false);
    expect(built()).toBe(1);
    expect(opsStacks(first.explained)).toEqual([
      { stack: 'a', dependsOn: [] },
      { stack: 'b', dependsOn: ['a'] },
    ]);
    for (const ref of ['refs/heads/main', 'refs/tags/apps-deploy-1', 'refs/heads/feature']) {
      const recorded = await explain({}, ref);
      expect(recorded.fromRecord).toBe(true);
      expect(recorded.explained).toEqual((await explain({ CDKTF_GITOPS_EXPLAIN: 'synth' }, ref)).explained);
    }
    const builds = built();
    expect((await explain()).fromRecord).toBe(true);
    expect(built()).toBe(builds);
  });

  it('builds again when a file the build read changes (read through node:fs at run time)', async () => {
    await explain();
    writeFileSync(path.join(repo.dir, 'config.json'), '{ "dependent": false }\n');
    const after = await explain();
    expect(after.fromRecord).toBe(false);
    expect(opsStacks(after.explained)).toEqual([
      { stack: 'a', dependsOn: [] },
      { stack: 'b', dependsOn: [] },
    ]);
    writeFileSync(path.join(repo.dir, 'config.json'), '{ "dependent": true }\n');
  });

  it('builds again when a bundled source changes', async () => {
    await explain();
    writeFileSync(path.join(repo.dir, 'names.ts'), "export const stackNames = { first: 'net' };\n");
    const after = await explain();
    expect(after.fromRecord).toBe(false);
    expect(opsStacks(after.explained)?.map((s) => s.stack)).toEqual(['net', 'b']);
    writeFileSync(path.join(repo.dir, 'names.ts'), "export const stackNames = { first: 'a' };\n");
  });

  it('builds again when a new file beside a source changes what an import resolves to', async () => {
    await explain();
    // esbuild resolves './names.js' to names.js when it exists, before names.ts.
    writeFileSync(path.join(repo.dir, 'names.js'), "export const stackNames = { first: 'shadow' };\n");
    try {
      const after = await explain();
      expect(after.fromRecord).toBe(false);
      expect(opsStacks(after.explained)?.map((s) => s.stack)).toEqual(['shadow', 'b']);
    } finally {
      rmSync(path.join(repo.dir, 'names.js'));
    }
  });

  it('builds again when an environment variable the build read changes, and not for one it did not read', async () => {
    await explain();
    expect((await explain({ UNRELATED: 'x' })).fromRecord).toBe(true);
    const after = await explain({ SECOND_STACK: 'services' });
    expect(after.fromRecord).toBe(false);
    expect(opsStacks(after.explained)?.map((s) => s.stack)).toEqual(['a', 'services']);
    // The record is now of that build: the variable gone is a change too.
    expect((await explain()).fromRecord).toBe(false);
  });

  it('builds every time with CDKTF_GITOPS_EXPLAIN=synth', async () => {
    await explain();
    const builds = built();
    expect((await explain({ CDKTF_GITOPS_EXPLAIN: 'synth' })).fromRecord).toBe(false);
    expect(built()).toBe(builds + 1);
  });

  it('is written by a run, and ignored when it is not a record of this format', async () => {
    const run = await cli(repo.dir, ['run', '--ref', 'refs/heads/main', '--json']);
    expect(run.exitCode).toBe(0);
    expect((await explain()).fromRecord).toBe(true);
    const file = path.join(repo.dir, 'cdktf.out', RECORD_FILE);
    writeFileSync(file, '{ "inputs": { "format": 0 } }');
    expect((await explain()).fromRecord).toBe(false);
    writeFileSync(file, 'not json');
    expect((await explain()).fromRecord).toBe(false);
  });
});

describe('the build record is not written', () => {
  const repo = useExampleRepo({
    mainTs: MAIN_TS.replace(
      "appendFileSync(new URL('./built.log', import.meta.url), 'built\\n');",
      "appendFileSync(new URL('./built.log', import.meta.url), Object.keys(process.env).length + '\\n');",
    ),
  });

  beforeAll(async () => {
    await repo.commitFile('names.ts', "export const stackNames = { first: 'a' };\n", 'names');
    await repo.commitFile('config.json', '{ "dependent": true }\n', 'config');
  });

  it('for a build that enumerates the environment variables (it cannot tell which it used)', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await cli(repo.dir, ['explain', '--ref', 'refs/heads/main']);
      expect(r.exitCode).toBe(0);
      expect(r.stderr).not.toContain('from the build record');
    }
    expect(existsSync(path.join(repo.dir, 'cdktf.out', RECORD_FILE))).toBe(false);
  });
});

describe('the installed packages in the build record', () => {
  // A project with a node_modules of its own (links to this repository's packages) and npm's record of it.
  const dirs = new TempDirs('cdktf-gitops-record-');
  afterAll(() => dirs.removeAll());

  it('make explain build again when npm has changed node_modules since', async () => {
    const dir = dirs.make();
    const project = path.join(dir, 'project');
    mkdirSync(project);
    copyExample(project);
    rmSync(path.join(project, 'node_modules'));
    const modules = path.join(project, 'node_modules');
    mkdirSync(modules);
    for (const name of readdirSync(path.join(ROOT, 'node_modules'))) {
      if (name !== '.package-lock.json') symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name));
    }
    const lock = path.join(modules, '.package-lock.json');
    writeFileSync(lock, readFileSync(path.join(ROOT, 'node_modules', '.package-lock.json')));
    const explain = () => cli(project, ['explain', '--ref', 'refs/heads/main']);
    expect((await cli(project, ['synth'])).exitCode).toBe(0);
    expect((await explain()).stderr).toContain('from the build record');
    writeFileSync(lock, readFileSync(lock, 'utf8').replace('"lockfileVersion"', '"name2": "x", "lockfileVersion"'));
    const after = await explain();
    expect(after.exitCode).toBe(0);
    expect(after.stderr).not.toContain('from the build record');
  });
});

describe('InputRecorder', () => {
  it("puts process.env and node:fs back after the project's code, also when it throws", () => {
    const env = process.env;
    const read = fs.readFileSync;
    const recorder = new InputRecorder(ROOT, path.join(ROOT, 'cdktf.out'));
    expect(() =>
      recorder.during(() => {
        expect(process.env).not.toBe(env);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(process.env).toBe(env);
    expect(fs.readFileSync).toBe(read);
  });
});
