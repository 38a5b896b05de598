// validateRef must never accept what git refuses: checked against the real `git check-ref-format`.
import { execa } from 'execa';
import { refProblem } from '../../pipeline/refs/index.js';

/** Whether git accepts `ref` as a ref name. */
// check-ref-format takes no `--`; no ref in these tables starts with '-'.
async function gitAccepts(ref: string): Promise<boolean> {
  const result = await execa('git', ['check-ref-format', ref], { reject: false, stdin: 'ignore' });
  return result.exitCode === 0;
}

describe('validateRef agrees with git check-ref-format', () => {
  it.each([
    'refs/heads/main',
    'refs/heads/feature/a.b',
    'refs/tags/apps-prod-deploy-2024.01',
    'refs/pull/1/merge',
    'refs/heads/a@b',
    'refs/heads/{x}#y%z',
  ])('both accept %j', async (ref) => {
    expect(refProblem(ref)).toBeUndefined();
    await expect(gitAccepts(ref)).resolves.toBe(true);
  });

  it.each([
    'refs/heads/a..b',
    'refs/heads/a@{1}',
    '@',
    'refs/heads//a',
    '/refs/heads/a',
    'refs/heads/a/',
    'refs/heads/a.',
    'refs/heads/a.lock',
    'refs/heads/.a',
    'main',
    'refs/heads/a b',
    'refs/heads/a~',
    'refs/heads/a^',
    'refs/heads/a:',
    'refs/heads/a?',
    'refs/heads/a*',
    'refs/heads/a[',
    'refs/heads/a\\b',
    'refs/heads/a\u0001',
    'refs/heads/a\u007f',
  ])('both refuse %j', async (ref) => {
    expect(refProblem(ref)).toBeDefined();
    await expect(gitAccepts(ref)).resolves.toBe(false);
  });

  it.each(['refs/heads/a;b', 'refs/heads/$x', 'refs/heads/café', 'refs/heads/a!b'])(
    'git accepts %j, we refuse it on purpose',
    async (ref) => {
      expect(refProblem(ref)).toBeDefined();
      await expect(gitAccepts(ref)).resolves.toBe(true);
    },
  );
});
