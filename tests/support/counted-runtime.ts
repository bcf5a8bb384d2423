import { afterAll, beforeAll } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { RequestCounter } from '../bench/request-counter.ts';
import { startTestRuntime } from './runtime.ts';

/** One runtime for the test file whose store requests are counted (what a hostile input costs). */
export function useCountedRuntime(): { runtime: LocalRuntime; counter: RequestCounter } {
  const counted = { counter: new RequestCounter() } as { runtime: LocalRuntime; counter: RequestCounter };
  beforeAll(async () => {
    counted.runtime = await startTestRuntime({
      instrumentClient: (client) => counted.counter.attach(client),
    });
  });
  afterAll(async () => {
    await counted.runtime?.close();
  });
  return counted;
}
