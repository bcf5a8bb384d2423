import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../../infra/local/runtime.ts';
import { postJson, startTestRuntime } from '../../support/runtime.ts';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

const signIn = (email: string, password: string) =>
  postJson(`${runtime.url}/auth/local/login`, { email, password });

describe('the local sign-in, as an attacker tries it', () => {
  it('stops guessing an account’s password after five wrong ones, with a Retry-After, even for the right one', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect((await signIn('agent2@sanad.local', `guess-${attempt}`)).status).toBe(401);
    const stopped = await signIn('agent2@sanad.local', 'sanad-demo-2026');
    expect(stopped).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    expect(Number(stopped.body.retryAfterSeconds)).toBeGreaterThan(800);
    expect(String(stopped.body.messageAr)).toContain('حاولوا لاحقًا');
    // Another account is not held back by it.
    expect((await signIn('researcher@sanad.local', 'sanad-demo-2026')).status).toBe(200);
  });

  it('takes about as long for an email with no account as for a wrong password, so it tells no staff emails', async () => {
    const median = async (email: string) => {
      const times: number[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const started = performance.now();
        expect((await signIn(email, 'wrong-password')).status).toBe(401);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[1] ?? 0;
    };
    const known = await median('committee@sanad.local');
    const unknown = await median('nobody@sanad.local');
    // scrypt runs either way; without it an unknown email answered about 30 times faster.
    expect(unknown).toBeGreaterThan(known * 0.3);
  });
});
