/** Figures of a set of timings in milliseconds. */
export interface Timings {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * The nearest-rank percentile: the smallest value with at least p% of the
 * values at or below it, so p99 of 100 timings is the 99th, never an
 * interpolation between two requests that both happened.
 */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) throw new Error('no values');
  if (!(p > 0 && p <= 100)) throw new Error('a percentile is above 0 and at most 100');
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(rank, sortedAscending.length) - 1]!;
}

export function summarise(values: readonly number[]): Timings {
  if (values.length === 0) throw new Error('no timings to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    count: sorted.length,
    min: round(sorted[0]!),
    mean: round(sorted.reduce((sum, v) => sum + v, 0) / sorted.length),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]!),
  };
}

/** Rows (or requests) per second, whole. */
export function perSecond(count: number, milliseconds: number): number {
  return milliseconds > 0 ? Math.round((count * 1000) / milliseconds) : 0;
}
