import { closestName } from './closest-name.js';

/**
 * Every key of `T`, each marked `true`: the run-time list of an option object's keys, kept next to
 * its type. Typed like this the list cannot drift: a key of `T` missing from it, or one that `T`
 * does not have, fails to compile, so adding an option to the type points `tsc` at its list.
 */
export type KeyList<T> = { readonly [K in keyof T]-?: true };

/**
 * An option object has keys its type does not have. `main.ts` is bundled without a type check, so
 * a misspelled option (a safety setting among them) would otherwise be ignored without a word.
 */
export class UnknownOptionError extends TypeError {
  override readonly name = 'UnknownOptionError';
  /** One sentence per unknown key, naming the closest known one. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.problems = [...problems];
  }
}

/**
 * One sentence per key of `value` that `known` lacks: "unknown option 'x' in `where`; did you mean
 * y?", or the known keys when none is close. Nothing for a value that is not an object.
 */
export function unknownKeyProblems(value: unknown, known: Readonly<Record<string, true>>, where: string): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const names = Object.keys(known);
  return Object.keys(value)
    .filter((key) => !Object.hasOwn(known, key))
    .map((key) => {
      const closest = closestName(key, names);
      const hint = closest !== undefined ? `did you mean ${closest}?` : `known options: ${names.join(', ')}`;
      return `unknown option '${key}' in ${where}; ${hint}`;
    });
}

/** Throws an {@link UnknownOptionError} when `value` has a key that `known` lacks. */
export function rejectUnknownKeys(value: unknown, known: Readonly<Record<string, true>>, where: string): void {
  const problems = unknownKeyProblems(value, known, where);
  if (problems.length > 0) throw new UnknownOptionError(problems);
}
