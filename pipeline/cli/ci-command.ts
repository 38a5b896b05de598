// `cdktf-gitops ci`: writes or checks the CI files generated from the project's environments and main branch.
import * as path from 'node:path';
import type { Command } from 'commander';
import {
  CI_FILE_PATHS,
  ciFileDifferences,
  ciSettings,
  existingCiProviders,
  writeCiFiles,
  type CiProvider,
} from '../ci-files/index.js';
import { ConfigError, ExitCode } from '../errors.js';
import { docPath } from './doc-pages.js';

/** What the command needs from the CLI around it. */
export interface CiCommandDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly setExit: (code: number) => void;
}

interface CiFlags {
  github?: boolean;
  gitlab?: boolean;
  check?: boolean;
}

/** The providers named by flags, else those whose file exists in `dir`; none at all is a {@link ConfigError}. */
export function chosenProviders(flags: CiFlags, dir: string): CiProvider[] {
  const named = (['github', 'gitlab'] as const).filter((provider) => flags[provider] === true);
  const providers = named.length > 0 ? named : existingCiProviders(dir);
  if (providers.length === 0) {
    throw new ConfigError(
      `${dir} has neither ${CI_FILE_PATHS.github} nor ${CI_FILE_PATHS.gitlab}: ` +
        'name the one to write, --github or --gitlab',
    );
  }
  return providers;
}

/** Adds the `ci` command to `program`. */
export function addCiCommand(program: Command, deps: CiCommandDeps): void {
  program
    .command('ci')
    .description("write the CI files (GitHub Actions, GitLab CI) for the project's environments and main branch")
    .option('--github', `write ${CI_FILE_PATHS.github}`)
    .option('--gitlab', `write ${CI_FILE_PATHS.gitlab}`)
    .option('--check', 'write nothing; exit 1 naming each file that differs (for CI and pre-commit)')
    .addHelpText(
      'after',
      [
        '',
        'Without --github or --gitlab: the files that exist. Run it again after adding or renaming an',
        'environment or changing the main branch.',
        `Credentials and environments to set up: ${docPath('ci.md')}.`,
        '',
        'Examples:',
        '  cdktf-gitops ci --github --gitlab   # write both files',
        '  cdktf-gitops ci --check             # exit 1 if a file is not what ci would write',
        '',
      ].join('\n'),
    )
    .action(async (flags: CiFlags, cmd: Command) => {
      const dir = path.resolve(cmd.optsWithGlobals<{ project: string }>().project);
      const providers = chosenProviders(flags, dir);
      // Loaded only here: the project's main.ts is bundled and imported as every other command does.
      const { loadProject } = await import('../project/load.js');
      const { project } = await loadProject(dir);
      const settings = ciSettings(project.environments, project.mainBranch);
      if (flags.check) {
        const differences = ciFileDifferences(dir, settings, providers);
        for (const { file, line } of differences) {
          const where =
            line === undefined ? 'is missing' : `differs from what \`cdktf-gitops ci\` writes (line ${line})`;
          deps.stderr(`${file} ${where}\n`);
        }
        if (differences.length > 0) {
          deps.stderr('run `npx cdktf-gitops ci` to write it from the project, then commit it\n');
          deps.setExit(ExitCode.failure);
          return;
        }
        deps.stdout(`${providers.map((p) => CI_FILE_PATHS[p]).join(', ')}: up to date\n`);
        return;
      }
      const changed = writeCiFiles(dir, settings, providers);
      for (const provider of providers) {
        const file = CI_FILE_PATHS[provider];
        deps.stdout(`${changed.includes(file) ? 'wrote' : 'unchanged'} ${file}\n`);
      }
    });
}
