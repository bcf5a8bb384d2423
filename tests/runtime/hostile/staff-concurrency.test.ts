import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../../infra/local/runtime.ts';
import { postJson, signIn, startTestRuntime } from '../../support/runtime.ts';
import { applyOnTheForm } from '../../support/support-request.ts';

let runtime: LocalRuntime;
let agent: string;
let agent2: string;
let supervisor: string;
let committee: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  agent = await signIn(runtime, 'agent@sanad.local');
  agent2 = await signIn(runtime, 'agent2@sanad.local');
  supervisor = await signIn(runtime, 'supervisor@sanad.local');
  committee = await signIn(runtime, 'committee@sanad.local');
});
afterAll(async () => {
  await runtime.close();
});

let sequence = 0;
/** A new SMS ticket in the beneficiary-relations queue, which both agents work. */
async function smsTicket(): Promise<{ ticketId: string; phone: string }> {
  sequence += 1;
  const phone = `+9665577${String(sequence).padStart(5, '0')}`;
  const id = `staff-concurrency-${sequence}`;
  const received = await postJson(`${runtime.url}/local/sms`, {
    originationNumber: phone,
    destinationNumber: '+966112345678',
    messageBody: 'أرغب في الاستفسار عن موعد صرف السلة الغذائية',
    inboundMessageId: id,
  });
  expect(received.status).toBe(202);
  await runtime.settled();
  const ticketId = (await runtime.deps.store.lookupInbound('sms', id, [])).guard?.outcome?.ticketId;
  if (!ticketId) throw new Error('No ticket');
  return { ticketId, phone };
}

const send = (method: string, path: string, token: string, body: unknown) =>
  fetch(`${runtime.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  }).then(async (response) => ({ status: response.status, body: await response.json() }));

const eventsOf = async (ticketId: string, type: string) =>
  ((await runtime.deps.store.getTicketWithThread(ticketId))?.events ?? []).filter(
    (event) => event.type === type,
  );

describe('staff working one ticket at the same moment', () => {
  it('sends and keeps every reply of two agents answering at once, each answered 201', async () => {
    const { ticketId, phone } = await smsTicket();
    const sentBefore = runtime.outbox.list('sms').filter((entry) => entry.to === phone).length;
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        send('POST', `/api/tickets/${ticketId}/messages`, index % 2 ? agent2 : agent, {
          kind: 'reply',
          text: `رد رقم ${index + 1}`,
        }),
      ),
    );
    expect(replies.map((reply) => reply.status)).toEqual(Array(12).fill(201));
    expect(runtime.outbox.list('sms').filter((entry) => entry.to === phone).length - sentBefore).toBe(12);
    const thread = await runtime.deps.store.getTicketWithThread(ticketId);
    expect(thread?.messages.filter((message) => message.direction === 'outbound')).toHaveLength(12);
    expect(thread?.ticket.messageCount).toBe(13);
    expect(thread?.ticket.firstResponseAt).toBeDefined();
  });

  it('lets only one of two agents take an unassigned ticket; the other is told a colleague took it (409)', async () => {
    for (let trial = 0; trial < 8; trial += 1) {
      const { ticketId } = await smsTicket();
      // Intake assigned it to the least loaded agent: the supervisor hands it back to the queue first.
      expect((await send('PATCH', `/api/tickets/${ticketId}`, supervisor, { assigneeId: null })).status).toBe(
        200,
      );
      const takes = await Promise.all([
        send('PATCH', `/api/tickets/${ticketId}`, agent, { assigneeId: 'u-agent' }),
        send('PATCH', `/api/tickets/${ticketId}`, agent2, { assigneeId: 'u-agent2' }),
      ]);
      expect(takes.map((take) => take.status).sort()).toEqual([200, 409]);
      const winner = takes.find((take) => take.status === 200)?.body.assigneeId;
      // The other lost a race, not a right: told a colleague took it, in Arabic too.
      expect(takes.find((take) => take.status === 409)?.body).toMatchObject({
        error: 'ticket_taken',
        message: 'A colleague took this ticket just before you; it is theirs now',
        messageAr: 'سبقك زميل إلى هذه التذكرة فأُسندت إليه',
      });
      expect((await runtime.deps.store.getTicket(ticketId))?.assigneeId).toBe(winner);
      const assigned = await eventsOf(ticketId, 'assigned');
      const taken = assigned.filter((event) => event.actorId === 'u-agent' || event.actorId === 'u-agent2');
      expect(taken).toHaveLength(1);
      expect(taken[0]?.data).toMatchObject({ from: null, to: winner });
    }
  });

  it('never lets an agent reopen a ticket a colleague closed at the same moment', async () => {
    for (let trial = 0; trial < 8; trial += 1) {
      const { ticketId } = await smsTicket();
      expect(
        (await send('PATCH', `/api/tickets/${ticketId}`, supervisor, { status: 'pending_beneficiary' }))
          .status,
      ).toBe(200);
      const [reopened, closed] = await Promise.all([
        send('PATCH', `/api/tickets/${ticketId}`, agent, { status: 'open' }),
        send('PATCH', `/api/tickets/${ticketId}`, agent2, { status: 'closed' }),
      ]);
      expect(closed.status).toBe(200);
      expect([200, 409]).toContain(reopened.status);
      expect((await runtime.deps.store.getTicket(ticketId))?.status).toBe('closed');
      // Each change is recorded from the status it really changed.
      const changes = (await eventsOf(ticketId, 'status_changed')).map((event) => event.data);
      expect(changes.at(-1)).toMatchObject({ to: 'closed' });
      for (const [index, change] of changes.entries())
        if (index > 0) expect(change?.from).toBe(changes[index - 1]?.to);
    }
  });

  it('keeps only one of two committee decisions taken at once, and tells the applicant only that one', async () => {
    const { id, phone } = await applyOnTheForm(runtime, { nationalId: '1000000057' });
    const step = (action: string, body: unknown, token = agent) =>
      send('POST', `/api/tickets/${id}/case/${action}`, token, body);
    expect(
      (
        await step('record_verification', {
          checklist: { identityMatches: true, documentsPresent: true, dataConsistent: true },
        })
      ).status,
    ).toBe(200);
    expect((await step('send_to_committee', {})).status).toBe(200);
    const decisions = await Promise.all([
      step('decide', { outcome: 'approved', reason: 'مستحقة', service: 'سلة غذائية' }, committee),
      step('decide', { outcome: 'rejected', reason: 'الدخل أعلى من الحد' }, committee),
    ]);
    expect(decisions.map((decision) => decision.status).sort()).toEqual([200, 409]);
    const kept = decisions.find((decision) => decision.status === 200)?.body.supportCase.decision.outcome;
    expect((await runtime.deps.store.getTicket(id))?.supportCase?.decision?.outcome).toBe(kept);
    await runtime.settled();
    const notices = runtime.outbox
      .list('sms')
      .filter((entry) => entry.to === phone)
      .map((entry) => String(JSON.parse(entry.payload).text))
      .filter((text) => text.includes('الموافقة'));
    expect(notices).toHaveLength(1);
  });
});
