import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { ROOT } from './project.js';

/** How often each tool runs at one project size. */
export interface SizePlan {
  readonly resources: number;
  /** Rounds of (a) and (b). */
  readonly rounds: number;
  /** Rounds with (c) from a clean state (the first ones). */
  readonly cdktfRounds: number;
  /** Rounds with (c) again with nothing to change. */
  readonly cdktfNoopRounds: number;
  /** Also run (a) with nothing to change and the init reuse off, to show what the reuse saves. */
  readonly initAlways: boolean;
}

/** What `npm run bench` was asked to do. */
export interface BenchPlan {
  readonly sizes: SizePlan[];
  /** Rounds of the synth and import measurements. */
  readonly synthRounds: number;
  /** Where BENCHMARKS.md goes; undefined with --no-write. */
  readonly out: string | undefined;
  /** The command as typed, for the report. */
  readonly command: string;
  /** Also write the raw results as JSON here (--results FILE). */
  readonly resultsFile: string | undefined;
  /** Measure nothing: render BENCHMARKS.md from an earlier --results file (--render FILE). */
  readonly renderFile: string | undefined;
}

// Tuned so that the full sweep stays under 15 minutes on 2 cores: at N=1000 one apply of 1000
// resources takes ~35 s for every tool, and cdktf's deploy + diff ~140 s.
const FULL: SizePlan[] = [
  { resources: 10, rounds: 3, cdktfRounds: 3, cdktfNoopRounds: 3, initAlways: true },
  { resources: 100, rounds: 3, cdktfRounds: 3, cdktfNoopRounds: 2, initAlways: true },
  { resources: 1000, rounds: 2, cdktfRounds: 1, cdktfNoopRounds: 0, initAlways: false },
];
const QUICK: SizePlan[] = [
  { resources: 10, rounds: 2, cdktfRounds: 1, cdktfNoopRounds: 1, initAlways: true },
  { resources: 100, rounds: 2, cdktfRounds: 1, cdktfNoopRounds: 0, initAlways: true },
];

/** Parses `npm run bench -- [--quick] [--sizes 10,100] [--rounds K] [--out FILE | --no-write] [--results FILE] [--render FILE]`. */
export function parsePlan(argv: readonly string[]): BenchPlan {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean' },
      sizes: { type: 'string' },
      rounds: { type: 'string' },
      out: { type: 'string' },
      'no-write': { type: 'boolean' },
      results: { type: 'string' },
      render: { type: 'string' },
    },
  });
  let sizes = values.quick ? QUICK : FULL;
  if (values.sizes) {
    sizes = values.sizes.split(',').map((n) => {
      const resources = Number(n);
      if (!Number.isInteger(resources) || resources < 1) throw new Error(`--sizes: '${n}' is not a positive integer`);
      return (
        sizes.find((s) => s.resources === resources) ?? {
          resources,
          rounds: 2,
          cdktfRounds: 1,
          cdktfNoopRounds: 0,
          initAlways: resources <= 100,
        }
      );
    });
  }
  if (values.rounds) {
    const rounds = Number(values.rounds);
    if (!Number.isInteger(rounds) || rounds < 1)
      throw new Error(`--rounds: '${values.rounds}' is not a positive integer`);
    sizes = sizes.map((s) => ({
      ...s,
      rounds,
      cdktfRounds: Math.min(s.cdktfRounds, rounds),
      cdktfNoopRounds: Math.min(s.cdktfNoopRounds, rounds),
    }));
  }
  return {
    sizes,
    synthRounds: values.quick ? 3 : 5,
    out: values['no-write'] ? undefined : path.resolve(ROOT, values.out ?? 'BENCHMARKS.md'),
    command: ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
    resultsFile: values.results ? path.resolve(values.results) : undefined,
    renderFile: values.render ? path.resolve(values.render) : undefined,
  };
}
