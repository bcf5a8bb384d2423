/** Percentile of a list of durations (ms), nearest-rank. */
export function percentile(values: number[], share: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** Runs `count` tasks with at most `concurrency` in flight; returns each task's duration. */
export async function runPool(count: number, concurrency: number, task: (index: number) => Promise<unknown>) {
  const durations: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        const { ms } = await timed(() => task(index));
        durations.push(ms);
      }
    }),
  );
  return { durations, totalMs: performance.now() - start };
}

export const round = (value: number, digits = 1) => Number(value.toFixed(digits));
