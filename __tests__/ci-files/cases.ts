// The CI files under test: this repository's own, and files generated for other projects.
import { readFileSync } from 'node:fs';
import { githubWorkflow } from '../../pipeline/ci-files/github-workflow.js';
import { gitlabCi } from '../../pipeline/ci-files/gitlab-ci.js';
import { ciSettings } from '../../pipeline/ci-files/settings.js';
import { type GithubWorkflow, parseWorkflow, workflowPath } from './github-workflow.js';
import { gitlabCiPath, parseGitlabCi } from './gitlab-ci.js';
import { type ExpectedTrigger, expectedTriggers, expectedTriggersFor } from './ref-table.js';

/** One project's pair of CI files and the ref table they must follow. */
export interface CiCase {
  readonly title: string;
  readonly environments: readonly string[];
  readonly mainBranch: string;
  readonly githubText: string;
  readonly gitlabText: string;
  readonly workflow: GithubWorkflow;
  readonly gitlab: Record<string, unknown>;
  readonly triggers: readonly ExpectedTrigger[];
}

function ciCase(title: string, environments: string[], mainBranch: string, texts?: [string, string]): CiCase {
  const settings = ciSettings(environments, mainBranch);
  const [githubText, gitlabText] = texts ?? [githubWorkflow(settings), gitlabCi(settings)];
  return {
    title,
    environments,
    mainBranch,
    githubText,
    gitlabText,
    workflow: parseWorkflow(githubText),
    gitlab: parseGitlabCi(gitlabText),
    triggers: texts ? expectedTriggers : expectedTriggersFor(environments, mainBranch),
  };
}

/** This repository's files (the literal ref table), then generated files for custom names and branches. */
export const ciCases: readonly CiCase[] = [
  ciCase('this repository', ['ops', 'apps', 'apps-prod'], 'main', [
    readFileSync(workflowPath, 'utf8'),
    readFileSync(gitlabCiPath, 'utf8'),
  ]),
  ciCase('dev, qa, prod-eu on trunk', ['dev', 'qa', 'prod-eu'], 'trunk'),
  ciCase('two environments', ['ops', 'apps'], 'main'),
  // Names that prefix each other, and a main branch with a slash.
  ciCase('eu, eu-west, eu-west-2 on release/stable', ['eu', 'eu-west', 'eu-west-2'], 'release/stable'),
];
