import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { type ClockedRuntime, startClockedRuntime } from '../support/clocked-runtime.ts';
import { receiveSms } from '../support/local-sms.ts';

let t: ClockedRuntime;
let runtime: LocalRuntime;

const day = 86_400_000;
const start = new Date('2026-12-06T09:00:00+03:00').getTime();
const at = (days: number) => new Date(start + days * day);

beforeAll(async () => {
  t = await startClockedRuntime(at(0));
  runtime = t.runtime;
});
afterAll(async () => {
  await runtime.close();
});

let seq = 0;
/** An SMS from `phone` on day `days`; the ticket it went to. */
async function smsOn(days: number, phone: string, text: string): Promise<string | undefined> {
  t.setNow(at(days));
  seq += 1;
  const id = `reopen-sms-${seq}`;
  await receiveSms(runtime, phone, text, id);
  await runtime.settled();
  return (await runtime.deps.store.lookupInbound('sms', id, [])).guard?.outcome?.ticketId;
}

async function answerAnd(status: 'resolved' | 'closed', ticketId: string, days: number) {
  t.setNow(at(days));
  const reply = await t.send('POST', `/api/tickets/${ticketId}/messages`, t.agent, {
    kind: 'reply',
    text: 'تصلكم البطاقة خلال يومين بإذن الله.',
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  const changed = await t.send('PATCH', `/api/tickets/${ticketId}`, t.agent, { status });
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
}

describe('a beneficiary writing again after their ticket was resolved', () => {
  it('reopens it within a week of the resolution, and opens a new ticket after that', async () => {
    const phone = '+966554770001';
    const first = await smsOn(0, phone, 'متى تصل بطاقة التسوق؟');
    expect(first).toBeDefined();
    await answerAnd('resolved', String(first), 0.1);

    expect(await smsOn(2, phone, 'لم تصل البطاقة حتى الآن')).toBe(first);
    const reopened = await runtime.deps.store.getTicketWithThread(String(first));
    expect(reopened?.ticket).toMatchObject({ status: 'open' });
    expect(reopened?.ticket.resolvedAt).toBeUndefined();
    expect(reopened?.ticket.sla?.clocks.nextResponse).toBeDefined();
    expect(reopened?.events.filter((event) => event.type === 'status_changed').at(-1)?.data).toEqual({
      from: 'resolved',
      to: 'open',
    });

    await answerAnd('resolved', String(first), 2.1);
    const later = await smsOn(9.2, phone, 'أريد الاستفسار عن موضوع آخر');
    expect(later).toBeDefined();
    expect(later).not.toBe(first);
    expect((await runtime.deps.store.getTicket(String(first)))?.status).toBe('resolved');
    // The new conversation is the one the next message joins.
    expect(await smsOn(9.3, phone, 'وهل يمكنني التسجيل؟')).toBe(later);
  });

  it('opens a new ticket for a message after the ticket was closed', async () => {
    const phone = '+966554770002';
    const first = await smsOn(0, phone, 'كيف أسجل في برنامج الأسر المنتجة؟');
    await answerAnd('closed', String(first), 0.1);
    const next = await smsOn(1, phone, 'شكراً، وكيف أحدّث بياناتي؟');
    expect(next).toBeDefined();
    expect(next).not.toBe(first);
    expect((await runtime.deps.store.getTicket(String(first)))?.status).toBe('closed');
  });
});
