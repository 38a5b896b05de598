import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../../pipeline/errors.js';
import { loadProject } from '../../pipeline/project/load.js';
import { useExampleRepo } from '../helpers/example-repo.js';
import { useTempDir } from '../helpers/temp-dir.js';

// The one loader: the project is imported into the pipeline's own module graph (one copy of
// cdktf-gitops, cdktf and execa), from a fresh bundle on every load; anything wrong is a ConfigError.
const importProject = async (dir: string) => (await loadProject(dir)).project;

describe('loadProject', () => {
  const repo = useExampleRepo();
  const dir = useTempDir('cdktf-gitops-import-', { each: true });

  it('imports the project on every open, from a fresh bundle', async () => {
    const project = await importProject(repo.dir);
    expect(project?.environments).toEqual(['ops', 'apps', 'apps-prod']);
    expect((await importProject(repo.dir))?.environments).toEqual(['ops', 'apps', 'apps-prod']);
  });

  it('never serves an edited main.ts or its relative imports stale', async () => {
    writeFileSync(path.join(dir(), 'cdktf.json'), '{}');
    writeFileSync(path.join(dir(), 'names.ts'), "export const names: string[] = ['one', 'two'];\n");
    const main = (branch: string) =>
      "import { names } from './names.js';\n" +
      `export const project = { environments: names, mainBranch: '${branch}', createApp(): void {} };\n`;
    writeFileSync(path.join(dir(), 'main.ts'), main('main'));
    expect(await importProject(dir())).toMatchObject({ environments: ['one', 'two'], mainBranch: 'main' });
    writeFileSync(path.join(dir(), 'main.ts'), main('trunk'));
    writeFileSync(path.join(dir(), 'names.ts'), "export const names: string[] = ['one', 'two', 'three'];\n");
    expect(await importProject(dir())).toMatchObject({ environments: ['one', 'two', 'three'], mainBranch: 'trunk' });
  });

  it('follows the entry named in cdktf.json', async () => {
    writeFileSync(path.join(dir(), 'cdktf.json'), JSON.stringify({ context: { cdktfGitopsEntry: 'app.mjs' } }));
    writeFileSync(
      path.join(dir(), 'app.mjs'),
      "export const project = { environments: ['one', 'two'], mainBranch: 'main', createApp() {} };\n",
    );
    expect((await importProject(dir()))?.environments).toEqual(['one', 'two']);
  });

  it.each<[string, Record<string, string>]>([
    ['no cdktf.json', { 'main.ts': 'export const project = {};\n' }],
    [
      'cdktf.json naming a missing entry',
      { 'cdktf.json': JSON.stringify({ context: { cdktfGitopsEntry: 'nope.ts' } }) },
    ],
    ['an invalid cdktf.json', { 'cdktf.json': '{', 'main.ts': 'export const project = {};\n' }],
    ['an entry that throws', { 'cdktf.json': '{}', 'main.ts': "throw new Error('broken project');\n" }],
    ['an entry without a project export', { 'cdktf.json': '{}', 'main.ts': 'export const other = 1;\n' }],
  ])('refuses %s with a configuration error', async (_name, files) => {
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir(), name), content);
    await expect(importProject(dir())).rejects.toBeInstanceOf(ConfigError);
  });
});
