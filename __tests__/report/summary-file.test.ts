import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { jest } from '@jest/globals';
import { appendSummary, defaultSummaryFile } from '../../pipeline/report/summary-file.js';
import { useTempDir } from '../helpers/temp-dir.js';

describe('defaultSummaryFile', () => {
  it.each([
    [{ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/s.md' }, '/s.md'],
    [{ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '' }, undefined],
    [{ GITHUB_ACTIONS: 'true' }, undefined],
    [{ GITHUB_STEP_SUMMARY: '/s.md' }, undefined],
    [{ GITLAB_CI: 'true', GITHUB_STEP_SUMMARY: '/s.md' }, undefined],
    [{}, undefined],
  ])('%j → %s', (env, file) => {
    expect(defaultSummaryFile(env)).toBe(file);
  });
});

describe('appendSummary', () => {
  const dir = useTempDir('cdktf-gitops-summary-', { each: true });

  it('appends (GitHub concatenates step summaries), ending each with a newline', () => {
    const file = path.join(dir(), 'summary.md');
    const warn = jest.fn();
    expect(appendSummary(file, '# one', warn)).toBe(true);
    expect(appendSummary(file, '# two\n', warn)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('# one\n# two\n');
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns instead of throwing when the file cannot be written', () => {
    const warn = jest.fn();
    expect(appendSummary(path.join(dir(), 'missing', 'summary.md'), '# x', warn)).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/could not write the summary to .*missing.*ENOENT/));
  });
});
