// `cdktf-gitops init`: a new project (package.json, tsconfig.json, cdktf.json, main.ts, .gitignore, CI files).
import * as path from 'node:path';
import type { Command } from 'commander';
import {
  INIT_DEFAULTS,
  ownVersion,
  packageName,
  parseInitOptions,
  projectFiles,
  TEMPLATES,
  writeNewFiles,
  type InitInput,
  type InitOptions,
} from '../scaffold/index.js';

/** What the command needs from the CLI around it. */
export interface InitCommandDeps {
  readonly stdout: (text: string) => void;
  /** The directory a relative DIR is resolved from. */
  readonly cwd: string;
}

/** The three commands that follow `init` in `dir` (shown relative to `cwd`). */
export function nextCommands(dir: string, cwd: string, options: InitOptions): string[] {
  const relative = path.relative(cwd, dir);
  // A directory outside the current one reads better as an absolute path than as ../../x.
  const shown = relative.startsWith('..') ? dir : relative;
  const quoted = /^[\w./-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", "'\\''")}'`;
  const cd = relative === '' ? '' : `cd ${quoted} && `;
  const first = options.environments[0]!;
  return [
    `${cd}npm install`,
    `git init -b ${options.mainBranch} && git add -A && git commit -m "Start a cdktf-gitops project"`,
    `npx cdktf-gitops run     # on ${options.mainBranch}: applies ${first}` +
      (options.template === 'kubernetes' ? ` (kubeconfig context ${first})` : ' (local state)'),
  ];
}

/** Adds the `init` command to `program`. */
export function addInitCommand(program: Command, deps: InitCommandDeps): void {
  program
    .command('init [dir]')
    .description('start a project in DIR (default: the current directory): main.ts, package.json, CI files')
    .option('--template <name>', `${TEMPLATES.join(' or ')} (default: ${INIT_DEFAULTS.template})`)
    .option('--environments <a,b,c>', `in promotion order (default: ${INIT_DEFAULTS.environments})`)
    .option(
      '--main-branch <name>',
      `the branch that applies the first environment (default: ${INIT_DEFAULTS.mainBranch})`,
    )
    .option('--ci <which>', `github, gitlab, both or none (default: ${INIT_DEFAULTS.ci})`)
    .option('--force', 'overwrite files that exist')
    .addHelpText(
      'after',
      '\nIt never overwrites a file unless --force: an existing one is exit 2, naming it.\n\n' +
        'Examples:\n  cdktf-gitops init my-infra --template terraform-data\n' +
        '  cdktf-gitops init --environments dev,qa,prod-eu --main-branch trunk --ci both\n',
    )
    .action((dirArg: string | undefined, opts: InitInput & { force?: boolean }) => {
      const options = parseInitOptions(opts);
      const dir = path.resolve(deps.cwd, dirArg ?? '.');
      const files = projectFiles(options, { name: packageName(path.basename(dir)), version: ownVersion() });
      writeNewFiles(dir, files, opts.force === true);
      const lines = [
        `wrote ${Object.keys(files).join(', ')} in ${dir}`,
        '',
        'Next:',
        ...nextCommands(dir, deps.cwd, options).map((command) => `  ${command}`),
        '',
      ];
      deps.stdout(lines.join('\n'));
    });
}
