import { envReferenceNames, envReferenceProblem, resolveEnvReferences } from '../../stacks/options/env-references.js';

// `${NAME}` in a webhook's URL and headers: secrets stay in the CI's variables, not in main.ts.
describe('environment variable references', () => {
  it.each([
    ['https://h/x', undefined],
    ['${A}', undefined],
    ['https://h/${A_1}/${_b}?q=$x', undefined],
    ['$', undefined],
    ['${', 'malformed'],
    ['${}', 'malformed'],
    ['${1A}', 'malformed'],
    ['${A-B}', 'malformed'],
    ['${A}${', 'malformed'],
    ['${A${B}}', 'malformed'],
  ])('%j is %s', (text, expected) => {
    const problem = envReferenceProblem(text);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toBe("'${' must start a reference ${NAME}: an environment variable name, then '}'");
  });

  it('lists the names referenced, each once, in order', () => {
    expect(envReferenceNames('${B}/${A}/${B}')).toEqual(['B', 'A']);
    expect(envReferenceNames('https://h/$A')).toEqual([]);
  });

  it('replaces every reference, taking values literally (no $& or $1 patterns)', () => {
    expect(resolveEnvReferences('${HOST}/a/${P}/${HOST}', { HOST: 'https://h', P: '$&$1' })).toEqual({
      ok: true,
      value: 'https://h/a/$&$1/https://h',
    });
  });

  it('names the first variable that is unset or empty (CI passes a missing secret as "")', () => {
    expect(resolveEnvReferences('${A}/${B}/${C}', { A: 'a', B: '' })).toEqual({ ok: false, missing: 'B' });
    expect(resolveEnvReferences('${A}/${C}', { A: 'a' })).toEqual({ ok: false, missing: 'C' });
  });
});
