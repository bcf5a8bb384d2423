import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../../infra/local/runtime.ts';
import { postJson, startTestRuntime } from '../../support/runtime.ts';
import { anApplication, applyOnTheForm } from '../../support/support-request.ts';

const FLOOR_MS = 400;
let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ statusCodeAnswerMs: FLOOR_MS });
});
afterAll(async () => {
  await runtime.close();
});

async function timedAsk(reference: string, phone: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const { status } = await postJson(`${runtime.url}/public/status/code`, { reference, phone });
  return { status, ms: performance.now() - started };
}

describe('asking the status page for a code', () => {
  it('takes at least the same time whether the phone is the applicant’s, another, or the reference unknown', async () => {
    const { reference, phone } = await applyOnTheForm(runtime, { nationalId: '1000000065' });
    const matching = await timedAsk(reference, phone);
    const otherPhone = await timedAsk(reference, '0559990003');
    const unknown = await timedAsk('SND-2026-999999', phone);
    for (const answer of [matching, otherPhone, unknown]) {
      expect(answer.status).toBe(202);
      // Texting the code is what takes time: without the floor a stranger's answer came back at once.
      expect(answer.ms).toBeGreaterThanOrEqual(FLOOR_MS - 5);
    }
  });
});

describe('asking the phone confirmation for a new code', () => {
  it('takes at least the same time whether the phone named is the applicant’s or another', async () => {
    const form = anApplication({ phone: '0559990007' });
    const applied = await postJson(`${runtime.url}/public/support-requests`, form);
    expect(applied.status).toBe(201);
    const timedResend = async (phone: string) => {
      const started = performance.now();
      const { status } = await postJson(
        `${runtime.url}/public/support-requests/${applied.body.reference}/confirm-phone/code`,
        { phone },
      );
      return { status, ms: performance.now() - started };
    };
    for (const answer of [await timedResend('0559990007'), await timedResend('0559990008')]) {
      expect(answer.status).toBe(202);
      expect(answer.ms).toBeGreaterThanOrEqual(FLOOR_MS - 5);
    }
  });
});
