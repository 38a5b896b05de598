import { MAX_REF_BYTES, normalizeRef, RefError, refProblem, validateRef, visible } from '../../pipeline/refs/index.js';
import { ConfigError } from '../../pipeline/errors.js';
import { thrownBy } from '../helpers/errors.js';

/** The RefError `fn` throws (fails the test when it throws nothing or something else). */
const refErrorOf = (fn: () => unknown) => thrownBy(fn, RefError);

describe('normalizeRef', () => {
  it.each([
    ['main', 'refs/heads/main'],
    ['feature/nested/x', 'refs/heads/feature/nested/x'],
    ['heads/main', 'refs/heads/main'],
    ['tags/apps-deploy-1', 'refs/tags/apps-deploy-1'],
    ['refs/heads/main', 'refs/heads/main'],
    ['refs/tags/v1.0', 'refs/tags/v1.0'],
    ['refs/pull/7/merge', 'refs/pull/7/merge'],
    ['refs/merge-requests/3/head', 'refs/merge-requests/3/head'],
    ['refs/remotes/origin/main', 'refs/remotes/origin/main'],
    // A bare name is always a branch, even if it looks like a tag.
    ['apps-deploy-1', 'refs/heads/apps-deploy-1'],
    ['origin/main', 'refs/heads/origin/main'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeRef(input)).toBe(expected);
  });

  it.each(['', 'HEAD', 'refs/HEAD'])('refuses %j', (input) => {
    expect(() => normalizeRef(input)).toThrow(RefError);
  });

  it('tells the user what to do instead of HEAD', () => {
    expect(refErrorOf(() => normalizeRef('HEAD')).message).toMatch(/omit the ref/);
  });

  it.each([
    ['main;rm -rf /', /shell metacharacter ';'/],
    ['tags/a..b', /contains '\.\.'/],
    ['feature/', /ends with '\/'/],
    ['x.lock', /ends with '\.lock'/],
  ])('validates the result of %j', (input, message) => {
    expect(() => normalizeRef(input)).toThrow(message);
  });
});

describe('validateRef accepts', () => {
  it.each([
    'refs/heads/main',
    'refs/heads/feature/nested/deep',
    'refs/heads/fix-1.2_x+y=z,w@v%',
    'refs/tags/apps-prod-deploy-2024.01.05',
    'refs/tags/v1.0.0-rc.1',
    'refs/pull/1/merge',
    'refs/merge-requests/12/head',
    'refs/heads/{braces}#hash',
    'refs/heads/a.b',
    'refs/heads/lock.x',
    `refs/heads/${'a'.repeat(MAX_REF_BYTES - 'refs/heads/'.length)}`,
  ])('%s', (ref) => {
    expect(() => validateRef(ref)).not.toThrow();
    expect(refProblem(ref)).toBeUndefined();
  });
});

describe('validateRef rejects', () => {
  it.each<[string, string, RegExp]>([
    ['empty', '', /it is empty/],
    ['256 bytes', `refs/heads/${'a'.repeat(MAX_REF_BYTES + 1 - 'refs/heads/'.length)}`, /256 bytes long; at most 255/],
    ['4 KB', `refs/heads/${'x'.repeat(4096)}`, /4107 bytes long/],
    ['..', 'refs/heads/a..b', /'\.\.'/],
    ['@{', 'refs/heads/a@{1}', /'@\{'/],
    ['lone @', '@', /reserves for HEAD/],
    ['//', 'refs/heads//x', /'\/\/'/],
    ['leading /', '/refs/heads/x', /starts with '\/'/],
    ['trailing /', 'refs/heads/x/', /ends with '\/'/],
    ['trailing .', 'refs/heads/x.', /ends with '\.'/],
    ['trailing .lock', 'refs/heads/x.lock', /component 'x\.lock' ends with '\.lock'/],
    ['.lock inside', 'refs/heads/x.lock/y', /component 'x\.lock'/],
    ['component starting with .', 'refs/heads/.hidden', /component '\.hidden' starts with '\.'/],
    ['one level', 'main', /has no '\/'/],
    ['space', 'refs/heads/a b', /' ' \(space\) at position 12/],
    ['tilde', 'refs/heads/a~1', /'~' \(tilde\)/],
    ['caret', 'refs/heads/a^', /'\^' \(caret\)/],
    ['colon', 'refs/heads/a:b', /':' \(colon\)/],
    ['question mark', 'refs/heads/a?', /'\?' \(question mark\)/],
    ['asterisk', 'refs/heads/*', /'\*' \(asterisk\)/],
    ['open bracket', 'refs/heads/a[1]', /'\[' \(open bracket\)/],
    ['backslash', 'refs/heads/a\\b', /'\\' \(backslash\)/],
    ['newline', 'refs/heads/a\nb', /control character '\\n' at position 12/],
    ['carriage return', 'refs/heads/a\rb', /control character '\\r'/],
    ['tab', 'refs/heads/a\tb', /control character '\\t'/],
    ['NUL', 'refs/heads/a\0b', /control character '\\x00'/],
    ['escape', 'refs/heads/\u001b[31mred', /control character '\\x1b'/],
    ['DEL', 'refs/heads/a\u007f', /control character '\\x7f'/],
    ['unicode letter', 'refs/heads/café', /non-ASCII character '\\u\{e9\}' \(U\+00E9\) at position 14/],
    ['unicode lookalike', 'refs/heads/mаin', /non-ASCII character '\\u\{430\}' \(U\+0430\)/],
    ['emoji', 'refs/tags/🚀', /non-ASCII character '\\u\{1f680\}' \(U\+1F680\)/],
    ['zero-width space', 'refs/heads/ma\u200bin', /U\+200B/],
    ['non-breaking space', 'refs/heads/a\u00a0b', /U\+00A0/],
  ])('%s', (_name, ref, message) => {
    const error = refErrorOf(() => validateRef(ref));
    expect(error.message).toMatch(message);
    expect(error.ref).toBe(ref);
  });

  it.each(['$', '`', ';', '|', '&', '<', '>', '(', ')', "'", '"', '!'])('the shell metacharacter %s', (char) => {
    const error = refErrorOf(() => validateRef(`refs/heads/a${char}b`));
    expect(error.message).toContain(`shell metacharacter '${char}' at position 12`);
  });

  it.each([
    ['command substitution', 'refs/heads/$(touch pwned)'],
    ['backticks', 'refs/heads/`id`'],
    ['variable', 'refs/tags/apps-deploy-${HOME}'],
    ['pipe', 'refs/heads/x|sh'],
  ])('shell syntax: %s', (_name, ref) => {
    expect(() => validateRef(ref)).toThrow(/shell metacharacter/);
  });

  it('never echoes control characters raw, and truncates long refs', () => {
    const error = refErrorOf(() => validateRef(`refs/heads/\u001b]0;title\u0007${'y'.repeat(200)}`));
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(error.message).toContain('…');
  });

  it('is a ConfigError, so the CLI exits 2', () => {
    const error = refErrorOf(() => validateRef('refs/heads/a b'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.exitCode).toBe(2);
    expect(error.name).toBe('RefError');
  });
});

describe('visible', () => {
  it.each([
    ['plain', 'plain'],
    ['a\nb\r\t', 'a\\nb\\r\\t'],
    ['\u0001\u007f', '\\x01\\x7f'],
    ['é🚀', '\\u{e9}\\u{1f680}'],
  ])('%j -> %s', (input, expected) => {
    expect(visible(input)).toBe(expected);
  });

  it('truncates to 80 characters plus an ellipsis', () => {
    expect(visible('z'.repeat(100))).toBe(`${'z'.repeat(80)}…`);
  });
});
