import { afterAll, beforeAll } from 'vitest';
import { type ClockedRuntime, startClockedRuntime } from './clocked-runtime.ts';

/**
 * A clocked runtime of the test file's own, its clock standing at `start` until `wait` moves it on; `now` reads
 * it (ms since the epoch). `t` is filled in before the file's tests and closed after them.
 */
export function useMovingClock(start: string) {
  const t = {} as ClockedRuntime;
  let now = Date.parse(start);
  beforeAll(async () => {
    Object.assign(t, await startClockedRuntime(new Date(now)));
  });
  afterAll(async () => {
    await t.runtime.close();
  });
  /** Moves the runtime's clock on. */
  const wait = (ms: number) => {
    now += ms;
    t.setNow(new Date(now));
  };
  return { t, wait, now: () => now };
}
