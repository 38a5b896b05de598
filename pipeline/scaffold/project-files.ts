// Every file `init` writes, as text: pure, so tests read them without touching a disk.
import { CI_FILE_PATHS, ciFileText } from '../ci-files/files.js';
import { kubernetesMainTs } from './kubernetes-main.js';
import type { InitOptions } from './options.js';
import { terraformDataMainTs } from './terraform-data-main.js';
import { KUBERNETES_PROVIDER, PROJECT_DEPENDENCIES, PROJECT_DEV_DEPENDENCIES } from './versions.js';

/** What a new project is called and which cdktf-gitops it depends on. */
export interface ProjectIdentity {
  /** The npm package name (see {@link packageName}). */
  readonly name: string;
  /** The cdktf-gitops version to depend on. */
  readonly version: string;
}

/** A valid npm package name from a directory name (lowercase; other characters become dashes). */
export function packageName(dirName: string): string {
  const name = dirName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '')
    .slice(0, 214);
  return name === '' || name === 'node_modules' ? 'cdktf-gitops-project' : name;
}

/** Sorted by key, as npm writes dependencies. */
const sorted = (record: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

function packageJson(options: InitOptions, identity: ProjectIdentity): string {
  const manifest = {
    name: identity.name,
    private: true,
    type: 'module',
    scripts: {
      typecheck: 'tsc --noEmit',
      explain: 'cdktf-gitops explain',
      preview: 'cdktf-gitops plan --all',
      'check-ci': 'cdktf-gitops ci --check',
    },
    dependencies: sorted({
      ...PROJECT_DEPENDENCIES,
      ...(options.template === 'kubernetes' ? KUBERNETES_PROVIDER : {}),
      'cdktf-gitops': identity.version,
    }),
    devDependencies: sorted(PROJECT_DEV_DEPENDENCIES),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022'],
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    isolatedModules: true,
  },
  exclude: ['node_modules', 'cdktf.out'],
};

function cdktfJson(identity: ProjectIdentity): string {
  const config = {
    language: 'typescript',
    // Bundles main.ts with esbuild and runs it with node: no tsx loader, no npx process.
    app: 'node node_modules/cdktf-gitops/bin/cdktf-gitops-app main.ts',
    projectId: identity.name,
    sendCrashReports: 'false',
    terraformProviders: [],
    terraformModules: [],
    context: {},
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

const GITIGNORE = ['node_modules/', 'cdktf.out/', '.terraform/', '.terraform-state/', '*.tfplan', ''].join('\n');

/** The files of a new project, by path relative to its directory. Pure. */
export function projectFiles(options: InitOptions, identity: ProjectIdentity): Record<string, string> {
  const mainTs = options.template === 'kubernetes' ? kubernetesMainTs(options) : terraformDataMainTs(options);
  return {
    'package.json': packageJson(options, identity),
    'tsconfig.json': `${JSON.stringify(TSCONFIG, null, 2)}\n`,
    'cdktf.json': cdktfJson(identity),
    'main.ts': mainTs,
    '.gitignore': GITIGNORE,
    ...Object.fromEntries(options.ci.map((provider) => [CI_FILE_PATHS[provider], ciFileText(provider, options)])),
  };
}
