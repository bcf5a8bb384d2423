/**
 * Fixed log-scale histogram of durations: bucket 0 holds everything under a minute, bucket i ≥ 1 holds
 * [1 min · GROWTH^(i-1), 1 min · GROWTH^i). Any percentile read from it is the bucket's geometric midpoint,
 * so it lies within PERCENTILE_RELATIVE_ERROR of a true sample value of that rank (for durations ≥ 1 minute).
 * The bucket edges are fixed, so histograms from any day, queue or agent add up by plain counting.
 */
const MINUTE_MS = 60_000;
const GROWTH = 1.1;
export const PERCENTILE_RELATIVE_ERROR = Math.sqrt(GROWTH) - 1;
/** Enough buckets for a year; longer durations share the last one. */
export const BUCKET_COUNT =
  1 + Math.ceil(Math.log((365 * 24 * 60 * MINUTE_MS) / MINUTE_MS) / Math.log(GROWTH));

export type Histogram = Record<number, number>;

export function bucketOf(durationMs: number): number {
  if (durationMs < MINUTE_MS) return 0;
  const index = 1 + Math.floor(Math.log(durationMs / MINUTE_MS) / Math.log(GROWTH) + 1e-9);
  return Math.min(index, BUCKET_COUNT - 1);
}

/** The value a bucket stands for: its geometric midpoint (half a minute for bucket 0). */
export function bucketValue(bucket: number): number {
  if (bucket === 0) return MINUTE_MS / 2;
  return MINUTE_MS * GROWTH ** (bucket - 1) * Math.sqrt(GROWTH);
}

export function addHistograms(into: Histogram, from: Histogram): Histogram {
  for (const [bucket, count] of Object.entries(from)) {
    into[Number(bucket)] = (into[Number(bucket)] ?? 0) + count;
  }
  return into;
}

export function histogramCount(histogram: Histogram): number {
  return Object.values(histogram).reduce((sum, count) => sum + count, 0);
}

/** The q-quantile (0 < q ≤ 1) by nearest rank, or undefined for an empty histogram. */
export function percentile(histogram: Histogram, q: number): number | undefined {
  const total = histogramCount(histogram);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bucket of Object.keys(histogram)
    .map(Number)
    .sort((a, b) => a - b)) {
    seen += histogram[bucket] ?? 0;
    if (seen >= rank) return bucketValue(bucket);
  }
  return undefined;
}
