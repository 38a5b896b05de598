/** Runs the tasks given to it one at a time, in the order they were given; a failed task does not stop later ones. */
export type Serial = <T>(task: () => Promise<T>) => Promise<T>;

/** A new {@link Serial} queue. */
export function serial(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}

const byKey = new Map<string, Serial>();

/** The process-wide {@link Serial} queue of `key` (e.g. a shared directory several runs in this process use). */
export function serialFor(key: string): Serial {
  let queue = byKey.get(key);
  if (!queue) {
    queue = serial();
    byKey.set(key, queue);
  }
  return queue;
}
