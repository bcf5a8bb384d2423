import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { type ClockedRuntime, startClockedRuntime } from '../support/clocked-runtime.ts';
import { signIn } from '../support/runtime.ts';
import { applyOnTheForm } from '../support/support-request.ts';

let t: ClockedRuntime;
let runtime: LocalRuntime;
let committee: string;

beforeAll(async () => {
  t = await startClockedRuntime(new Date('2026-12-06T09:00:00+03:00'));
  runtime = t.runtime;
  committee = await signIn(runtime, 'committee@sanad.local');
  await runtime.sweepEscalations(); // the schedule runs from the start
});
afterAll(async () => {
  await runtime.close();
});

const day = 86_400_000;
const start = new Date('2026-12-06T09:00:00+03:00').getTime();
const at = (days: number) => new Date(start + days * day);

/** A support request answered at once and verified, then sent to the committee on the given day. */
async function caseAtCommittee(): Promise<string> {
  t.setNow(at(0));
  const { id } = await applyOnTheForm(runtime);
  const answer = await t.send('POST', `/api/tickets/${id}/messages`, t.supervisor, {
    kind: 'reply',
    text: 'وصلنا طلبكم وسنراجعه',
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  await t.send('POST', `/api/tickets/${id}/case/record_verification`, t.agent, {
    checklist: { identityMatches: true, documentsPresent: true, dataConsistent: true },
  });
  const sent = await t.send('POST', `/api/tickets/${id}/case/send_to_committee`, t.agent, {});
  expect(sent.status).toBe(200);
  return id;
}

const escalationsOf = (ticketId: string) =>
  runtime.outbox
    .list()
    .map((entry) => JSON.parse(entry.payload))
    .filter((payload) => payload.kind === 'escalation' && payload.ticketId === ticketId);

describe("the research committee's decision window", () => {
  it('is an SLA clock of two calendar weeks: warned before it ends, escalated when it passes, closed by a decision', async () => {
    const undecided = await caseAtCommittee();
    const decided = await caseAtCommittee();

    const ticket = await runtime.deps.store.getTicket(undecided);
    const clock = ticket?.sla?.clocks.committeeDecision;
    expect(clock?.dueAt).toBe(at(14).toISOString());
    expect(ticket?.supportCase?.committeeDueAt).toBe(clock?.dueAt);

    t.setNow(at(11));
    await runtime.sweepEscalations();
    expect(escalationsOf(undecided)).toEqual([]);

    t.setNow(at(11.5)); // past 80% of the two weeks
    await runtime.sweepEscalations();
    expect(escalationsOf(undecided)).toEqual(
      expect.arrayContaining([expect.objectContaining({ level: 'warning', clock: 'committeeDecision' })]),
    );
    // The committee hears of its own window through its queue, though nobody on it holds the case.
    expect(ticket?.assigneeId).not.toBe('u-committee');
    const centre = await t.send('GET', '/api/notifications', committee);
    expect(centre.body.notifications).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'escalation_warning', ticketId: undecided })]),
    );

    t.setNow(at(12));
    const decision = await t.send('POST', `/api/tickets/${decided}/case/decide`, committee, {
      outcome: 'approved',
      reason: 'الأسرة مستحقة',
      service: 'دعم مشروع منزلي',
    });
    expect(decision.status).toBe(200);
    expect((await runtime.deps.store.getTicket(decided))?.sla?.clocks.committeeDecision).toBeUndefined();

    t.setNow(at(14.1));
    await runtime.sweepEscalations();
    expect(escalationsOf(undecided)).toEqual(
      expect.arrayContaining([expect.objectContaining({ level: 'breach', clock: 'committeeDecision' })]),
    );
    expect(escalationsOf(decided).filter((notice) => notice.level === 'breach')).toEqual([]);
    const thread = await runtime.deps.store.getTicketWithThread(undecided);
    // Recorded at the instant the window ran out, though the sweep came later.
    expect(thread?.ticket.sla?.breachedAt).toBe(at(14).toISOString());
  });
});

describe('a support case answered by its steps', () => {
  it('counts a step the applicant is told of as the answer: its response clock stops and only the case’s windows run', async () => {
    t.setNow(at(0));
    const { id } = await applyOnTheForm(runtime);
    const opened = await runtime.deps.store.getTicket(id);
    const firstDue = opened?.sla?.clocks.firstResponse?.dueAt;
    expect(firstDue).toBeDefined();

    // Verified two hours in, with no reply typed: the applicant's notice of the step is the answer.
    t.setNow(new Date(start + 2 * 3_600_000));
    const verified = await t.send('POST', `/api/tickets/${id}/case/record_verification`, t.agent, {
      checklist: { identityMatches: true, documentsPresent: true, dataConsistent: true },
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    const answered = await runtime.deps.store.getTicket(id);
    expect(answered).toMatchObject({
      firstResponseAt: new Date(start + 2 * 3_600_000).toISOString(),
      lastResponseBy: 'u-agent',
    });
    expect(answered?.sla?.clocks.firstResponse).toBeUndefined();
    expect((await t.send('POST', `/api/tickets/${id}/case/send_to_committee`, t.agent, {})).status).toBe(200);

    // Well past the first response's window, inside the committee's: nothing is late.
    t.setNow(at(3));
    await runtime.sweepEscalations();
    expect(escalationsOf(id)).toEqual([]);
    const waiting = await runtime.deps.store.getTicket(id);
    expect(waiting?.sla?.breachedAt).toBeUndefined();
    // The case's own month runs on beside the committee's two weeks; no response is owed.
    expect(Object.keys(waiting?.sla?.clocks ?? {}).sort()).toEqual(['committeeDecision', 'resolution']);
  });
});
