/** Median of the samples (mean of the middle two for an even count); NaN when empty. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Seconds with two decimals, `–` for no samples. */
export function secs(ms: number): string {
  return Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '–';
}

/** Signed seconds, e.g. `+0.31` or `−1.20`. */
export function signedSecs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return `${ms < 0 ? '−' : '+'}${Math.abs(ms / 1000).toFixed(2)}`;
}

/** A ratio with two decimals, `–` when undefined. */
export function ratio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '–';
}

/** The median and the spread of samples, e.g. `3.41 (3.30–3.62, n=3)`. */
export function summary(samples: readonly number[]): string {
  if (samples.length === 0) return '–';
  if (samples.length === 1) return `${secs(samples[0]!)} (n=1)`;
  return `${secs(median(samples))} (${secs(Math.min(...samples))}–${secs(Math.max(...samples))}, n=${samples.length})`;
}

/**
 * Median over rounds of `f(x[i], y[i])`: samples of one round ran back to back under the same
 * load, so their ratio or difference is steadier than a ratio of separate medians.
 */
export function paired(x: readonly number[], y: readonly number[], f: (a: number, b: number) => number): number {
  const n = Math.min(x.length, y.length);
  return median(Array.from({ length: n }, (_, i) => f(x[i]!, y[i]!)));
}
