import type { DurationStats } from './types';

/**
 * The p-quantile (0..1) of values sorted ascending, by linear interpolation between the closest
 * ranks: h = (n − 1)·p, value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). This is Hyndman & Fan's
 * type 7, the default of R, NumPy and spreadsheets' PERCENTILE.INC, so a reader can check a figure
 * with the tool at hand; its p = 0.5 is the usual median (the mean of the two middle values when
 * n is even). Null for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(lo + 1, n - 1)] ?? a;
  return a + (h - lo) * (b - a);
}

/** Count, median and 90th percentile (see {@link percentile}) of durations in any order. */
export function durationStats(values: readonly number[]): DurationStats {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, medianMs: percentile(sorted, 0.5), p90Ms: percentile(sorted, 0.9) };
}
