// The real validator from npm (@action-validator/cli: JSON schema of GitHub workflows).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { ROOT } from '../helpers/paths.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { ciCases } from './cases.js';
import { workflowPath } from './github-workflow.js';

const validator = join(ROOT, 'node_modules/.bin/action-validator');

describe('action-validator', () => {
  const dir = useTempDir('ci-files-');

  it('accepts .github/workflows/cdktf-gitops.yml', async () => {
    const result = await execa(validator, [workflowPath], { reject: false });
    expect(result.stderr).not.toContain('"errors"');
    expect(result.exitCode).toBe(0);
  });

  it.each(ciCases.slice(1))('accepts the workflow generated for $title', async ({ title, githubText }) => {
    const path = join(dir(), `${title.replace(/\W+/g, '-')}.yml`);
    writeFileSync(path, githubText);
    const result = await execa(validator, [path], { reject: false });
    expect(result.stderr).not.toContain('"errors"');
    expect(result.exitCode).toBe(0);
  });

  it('rejects a copy whose job has no steps (so the check above can fail)', async () => {
    const broken = readFileSync(workflowPath, 'utf8').replace(/^ {4}steps:$/m, '    stepz:');
    expect(broken).toContain('stepz:');
    const path = join(dir(), 'broken.yml');
    writeFileSync(path, broken);
    const result = await execa(validator, [path], { reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('"errors"');
  });

  it('rejects a copy with a non-boolean cancel-in-progress', async () => {
    const broken = readFileSync(workflowPath, 'utf8').replace(
      'cancel-in-progress: false',
      'cancel-in-progress: sometimes',
    );
    const path = join(dir(), 'broken-concurrency.yml');
    writeFileSync(path, broken);
    const result = await execa(validator, [path], { reject: false });
    expect(result.exitCode).toBe(1);
  });
});
