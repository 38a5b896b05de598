import { limitTargets, renderLimit } from '../../bench/limit.js';
import { checkTargets, renderResults } from '../../bench/report.js';
import { emptySize, type BenchResults, type SizeResults } from '../../bench/results.js';

// The CLI / limit rows of BENCHMARKS.md: paired per-round ratios and issue 10's targets.

const size = (resources: number, aNoop: number[], limitNoop: number[] | undefined): SizeResults => {
  const s = { ...emptySize(resources), aNoop, aClean: [1000, 1000], bClean: [1000, 1000], rssKb: [100_000] };
  if (limitNoop === undefined) {
    const { limitNoop: _dropped, ...old } = s;
    return old;
  }
  return { ...s, limitNoop };
};

const results = (sizes: SizeResults[]): BenchResults => ({
  date: '2026-12-04T00:00:00.000Z',
  command: 'npm run bench',
  machine: {
    cpus: 2,
    cpuModel: 'x',
    memoryGiB: 1,
    os: 'linux',
    loadAverage: '0',
    node: 'v20',
    terraform: '1.11.4',
    cdktf: '0.21.0',
    cdktfCli: '0.21.0',
  },
  sizes,
  kubernetesSynth: [{ loadMs: 1, synthMs: 500 }],
  providerImports: { deep: [], barrel: [] },
  totalMs: 1,
});

describe('the limit in the bench report', () => {
  it('renders (a)/limit as the median of per-round ratios', () => {
    const text = renderLimit(results([size(100, [600, 900], [300, 300])])).join('\n');
    expect(text).toContain('| 100 | 0.75 (0.60–0.90, n=2) | – | 0.30 (0.30–0.30, n=2) | 2.50 | – | +0.45 |');
    const unchanged = { ...size(100, [600, 900], [300, 300]), aUnchanged: [150, 60] };
    expect(renderLimit(results([unchanged])).join('\n')).toContain(
      '| 100 | 0.75 (0.60–0.90, n=2) | 0.10 (0.06–0.15, n=2) | 0.30 (0.30–0.30, n=2) | 2.50 | 0.35 | +0.45 |',
    );
  });

  it('checks ≤ 2.0 at N=100 and ≤ 1.5 at N=1000, saying by how much a miss misses', () => {
    const checks = limitTargets(results([size(10, [500], [100]), size(100, [590], [300]), size(1000, [2000], [1000])]));
    expect(checks).toEqual([
      { target: '(a)/limit ≤ 2.0 at N=100 (nothing to change, --full)', measured: '1.97', met: true, miss: '-0.03' },
      { target: '(a)/limit ≤ 1.5 at N=1000 (nothing to change, --full)', measured: '2.00', met: false, miss: '0.50' },
    ]);
    expect(renderResults(results([size(1000, [2000], [1000])]))).toContain(
      '| (a)/limit ≤ 1.5 at N=1000 (nothing to change, --full) | 2.00 | **missed** by 0.50 |',
    );
  });

  it('checks a commit that changes no stack against ≤ 0.5 × the limit at N=1000', () => {
    const big = { ...size(1000, [2000], [1000]), aUnchanged: [400] };
    expect(limitTargets(results([big]))[1]).toEqual({
      target: '(a)/limit ≤ 0.5 at N=1000 (a commit that changes no stack)',
      measured: '0.40',
      met: true,
      miss: '-0.10',
    });
  });

  it('results from before the limit existed render without it', () => {
    const r = results([size(100, [600], undefined)]);
    expect(renderLimit(r)).toEqual([]);
    expect(checkTargets(r).some((c) => c.target.includes('limit'))).toBe(false);
  });
});
