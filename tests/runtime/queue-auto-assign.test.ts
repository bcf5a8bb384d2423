import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClockedRuntime, startClockedRuntime } from '../support/clocked-runtime.ts';
import { postJson } from '../support/runtime.ts';

let t: ClockedRuntime;

beforeAll(async () => {
  t = await startClockedRuntime(new Date('2026-11-29T09:00:00+03:00'));
});
afterAll(async () => {
  await t.runtime.close();
});

async function newTicket(): Promise<{ queueId?: string; assigneeId?: string }> {
  const { status, body } = await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
  expect(status).toBe(201);
  await t.runtime.settled();
  const ticket = await t.runtime.deps.store.getTicket(body.ticketId as string);
  return { queueId: ticket?.queueId, assigneeId: ticket?.assigneeId };
}

describe("a queue's automatic assignment setting", () => {
  it('leaves new tickets unassigned in a queue whose members take them, and assigns again once switched on', async () => {
    const assigned = await newTicket();
    expect(assigned.queueId).toBe('beneficiary-relations');
    expect(assigned.assigneeId).toEqual(expect.any(String));

    const off = await t.send('PUT', '/api/queues/beneficiary-relations', t.admin, { autoAssign: false });
    expect(off).toMatchObject({ status: 200, body: { autoAssign: false } });
    const waiting = await newTicket();
    expect(waiting).toEqual({ queueId: 'beneficiary-relations', assigneeId: undefined });

    expect(
      (await t.send('PUT', '/api/queues/beneficiary-relations', t.admin, { autoAssign: true })).status,
    ).toBe(200);
    expect((await newTicket()).assigneeId).toEqual(expect.any(String));
  });
});
