import { serial } from '../../pipeline/stackdir/serial.js';

describe('serial', () => {
  it('runs tasks one at a time, in the order given, and goes on after a failure', async () => {
    const queue = serial();
    const log: string[] = [];
    let running = 0;
    const task =
      (name: string, fail = false) =>
      async () => {
        running++;
        log.push(`start ${name} (${running} running)`);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([queue(task('a')), queue(task('b', true)), queue(task('c'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual([
      'start a (1 running)',
      'end a',
      'start b (1 running)',
      'end b',
      'start c (1 running)',
      'end c',
    ]);
  });
});
