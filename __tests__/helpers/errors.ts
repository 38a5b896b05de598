// Catching the error a test expects, checked for its class, typed for the assertions that follow.

/** A class of errors, for `instanceof`. */
export type ErrorClass<E> = abstract new (...args: never[]) => E;

/** The error `promise` rejects with; fails the test when it resolves or rejects with another class. */
export async function rejectionOf<E>(promise: Promise<unknown>, type: ErrorClass<E>): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/** The error `fn` throws; fails the test when it throws nothing or another class. */
export function thrownBy<E>(fn: () => unknown, type: ErrorClass<E>): E {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(type);
  return error as E;
}
