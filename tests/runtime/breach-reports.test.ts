import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { sweepEscalations } from '../../shared/use-cases/escalate-tickets.ts';
import { type ClockedRuntime, startClockedRuntime } from '../support/clocked-runtime.ts';
import { postJson } from '../support/runtime.ts';

let t: ClockedRuntime;
let runtime: LocalRuntime;

beforeAll(async () => {
  t = await startClockedRuntime(new Date('2027-01-03T07:00:00+03:00'));
  ({ runtime } = t);
});
afterAll(async () => {
  await runtime.close();
});

/** What the report cells hold of a counter for each day and queue, as `day queue count`. */
async function breaches(from: string, to: string, counter = 'breaches'): Promise<string[]> {
  await runtime.stream.settled();
  return (await runtime.deps.reports.readCells({ from, to }))
    .filter((cell) => (cell.counters[counter] ?? 0) > 0)
    .map((cell) => `${cell.day} ${cell.queueId} ${cell.counters[counter]}`)
    .sort();
}

describe('breaches in the reports', () => {
  it('counts a breach, and its escalation, under the queue the ticket was in, not the one the breach moved it to', async () => {
    const settings = await runtime.deps.sla.load();
    const moving = {
      load: async () => ({
        ...settings,
        policies: settings.policies.map((policy) => ({
          ...policy,
          onBreach: { moveToQueueId: 'social-research' },
        })),
      }),
    };
    t.setNow(new Date('2027-01-03T08:00:00+03:00')); // Sunday
    const { body } = await postJson(`${runtime.url}/public/contact`, t.contactForm());
    const ticketId = body.ticketId as string;
    const queueId = (await runtime.deps.store.getTicket(ticketId))?.queueId;
    expect(queueId).not.toBe('social-research');
    t.setNow(new Date('2027-01-03T12:10:00+03:00'));
    expect((await sweepEscalations({ ...runtime.deps, sla: moving })).breaches).toBe(1);
    expect((await runtime.deps.store.getTicket(ticketId))?.queueId).toBe('social-research');
    // Resolved then (no later run finds it): no breach of its own.
    await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { status: 'resolved' });
    expect(await breaches('2027-01-03', '2027-01-03')).toEqual([`2027-01-03 ${queueId} 1`]);
    expect(await breaches('2027-01-03', '2027-01-03', 'escalations')).toEqual([`2027-01-03 ${queueId} 1`]);
  });

  it('counts a reopened ticket’s breach of its new windows as a new breach, on its own day, once', async () => {
    t.setNow(new Date('2027-01-10T08:00:00+03:00')); // Sunday
    const { body } = await postJson(`${runtime.url}/public/contact`, t.contactForm());
    const ticketId = body.ticketId as string;
    const queueId = (await runtime.deps.store.getTicket(ticketId))?.queueId;
    t.setNow(new Date('2027-01-10T12:10:00+03:00')); // its first response was due at 12:00
    expect((await runtime.sweepEscalations()).breaches).toBe(1);
    t.setNow(new Date('2027-01-10T13:00:00+03:00'));
    expect(
      (await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { status: 'resolved' })).status,
    ).toBe(200);
    expect(await breaches('2027-01-10', '2027-01-11')).toEqual([`2027-01-10 ${queueId} 1`]);

    // Reopened the next morning: its next response is due seven working hours later (15:30 on the
    // society's calendar), and is late.
    t.setNow(new Date('2027-01-11T08:00:00+03:00'));
    expect((await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { status: 'open' })).status).toBe(
      200,
    );
    t.setNow(new Date('2027-01-11T15:40:00+03:00'));
    expect((await runtime.sweepEscalations()).breaches).toBe(1);
    // Later runs, and the ticket's later changes, add nothing to it.
    t.setNow(new Date('2027-01-11T16:00:00+03:00'));
    await runtime.sweepEscalations();
    const ticket = await runtime.deps.store.getTicket(ticketId);
    // The ticket's first breach is still the one it keeps.
    expect(ticket?.sla?.breachedAt).toBe(new Date('2027-01-10T12:00:00+03:00').toISOString());
    expect(await breaches('2027-01-10', '2027-01-11')).toEqual([
      `2027-01-10 ${queueId} 1`,
      `2027-01-11 ${queueId} 1`,
    ]);
  });
});
