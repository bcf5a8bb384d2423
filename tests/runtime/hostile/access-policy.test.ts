import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../../infra/local/runtime.ts';
import { postJson, signIn, startTestRuntime } from '../../support/runtime.ts';
import { applyOnTheForm } from '../../support/support-request.ts';

// Attacks from issue #14 on the one access policy, over HTTP against the local runtime.
let runtime: LocalRuntime;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  runtime = await startTestRuntime();
  for (const name of ['agent', 'agent2', 'researcher', 'supervisor', 'manager'])
    tokens[name] = await signIn(runtime, `${name}@sanad.local`);
});
afterAll(async () => {
  await runtime.close();
});

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

let phones = 0;
/** A ticket (and its contact) in `queueId`, from a new phone: an inquiry, or an application on the form. */
async function ticketIn(queueId: string, { application = false } = {}) {
  phones += 1;
  const phone = `055777${String(phones).padStart(4, '0')}`;
  const created = application
    ? await applyOnTheForm(runtime, { phone })
    : await postJson(`${runtime.url}/public/contact`, {
        name: 'مستفيد',
        phone,
        subject: 'استفسار',
        message: 'نص الرسالة',
      });
  const ticketId = 'id' in created ? created.id : (created.body.ticketId as string);
  const ticket = await runtime.deps.store.updateTicket(ticketId, (current) => ({
    ...current,
    queueId,
    assigneeId: undefined,
  }));
  return { ticket, phone: `+966${phone.slice(1)}` };
}

async function patch(ticketId: string, body: unknown, who: string) {
  const response = await fetch(`${runtime.url}/api/tickets/${ticketId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...auth(who) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('merge and split need both contacts visible', () => {
  it('answers 404 and changes nothing when an agent merges a contact of a hidden queue, either way round', async () => {
    const mine = await ticketIn('beneficiary-relations');
    const hidden = await ticketIn('social-research');
    const hiddenBefore = await runtime.deps.store.getContact(hidden.ticket.contactId);
    for (const [target, source] of [
      [mine.ticket.contactId, hidden.ticket.contactId],
      [hidden.ticket.contactId, mine.ticket.contactId],
    ]) {
      const merged = await postJson(
        `${runtime.url}/api/contacts/${target}/merge`,
        { sourceContactId: source },
        auth('agent'),
      );
      expect(merged.status).toBe(404);
      expect(JSON.stringify(merged.body)).not.toContain(hidden.phone);
    }
    expect(await runtime.deps.store.getContact(hidden.ticket.contactId)).toEqual(hiddenBefore);
    expect((await runtime.deps.store.getTicket(hidden.ticket.id))?.contactId).toBe(hidden.ticket.contactId);
    // The same merge by a role that sees every queue goes through.
    const bySupervisor = await postJson(
      `${runtime.url}/api/contacts/${mine.ticket.contactId}/merge`,
      { sourceContactId: hidden.ticket.contactId },
      auth('supervisor'),
    );
    expect(bySupervisor.status).toBe(200);
  });

  it('answers 404 on splitting a hidden contact, even with an identity it does not have', async () => {
    const hidden = await ticketIn('social-research');
    await runtime.deps.store.linkIdentities(
      [{ kind: 'email', value: 'x@example.sa' }],
      hidden.ticket.contactId,
    );
    const before = await runtime.deps.store.getContact(hidden.ticket.contactId);
    const url = `${runtime.url}/api/contacts/${hidden.ticket.contactId}/split`;
    const wrong = await postJson(
      url,
      { identity: { kind: 'phone', value: '+966559999999' }, name: 'س' },
      auth('agent'),
    );
    expect(wrong.status).toBe(404);
    const right = await postJson(
      url,
      { identity: { kind: 'phone', value: hidden.phone }, name: 'س' },
      auth('agent'),
    );
    expect(right.status).toBe(404);
    expect(await runtime.deps.store.getContact(hidden.ticket.contactId)).toEqual(before);
    // The researcher of that queue sees it: now the wrong identity is the answer.
    const researcher = await postJson(
      url,
      { identity: { kind: 'phone', value: '+966559999999' }, name: 'س' },
      auth('researcher'),
    );
    expect(researcher.status).toBe(400);
  });

  it('hides a contact panel of another queue', async () => {
    const hidden = await ticketIn('social-research');
    const response = await fetch(`${runtime.url}/api/contacts/${hidden.ticket.contactId}`, {
      headers: auth('agent'),
    });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(hidden.phone);
  });
});

describe('who may assign whom', () => {
  it('lets an agent take an unassigned ticket of their queue, not a colleague’s; supervisors reassign', async () => {
    const { ticket } = await ticketIn('beneficiary-relations');
    expect((await patch(ticket.id, { assigneeId: 'u-agent2' }, 'agent2')).status).toBe(200);
    // The attack: an agent takes a colleague's ticket by naming themselves. Refused as a take a colleague made
    // first (the same refusal a stale list or a lost race gets), so the ticket stays theirs.
    const taken = await patch(ticket.id, { assigneeId: 'u-agent' }, 'agent');
    expect(taken.status).toBe(409);
    expect(taken.body.error).toBe('ticket_taken');
    expect((await patch(ticket.id, { assigneeId: null }, 'agent')).status).toBe(403);
    expect((await runtime.deps.store.getTicket(ticket.id))?.assigneeId).toBe('u-agent2');
    expect((await patch(ticket.id, { assigneeId: 'u-agent' }, 'supervisor')).status).toBe(200);
    // Giving back one's own ticket is fine; assigning it to a colleague is a supervisor's.
    expect((await patch(ticket.id, { assigneeId: 'u-agent2' }, 'agent')).status).toBe(403);
    expect((await patch(ticket.id, { assigneeId: null }, 'agent')).status).toBe(200);
  });

  it('answers 404 for an assignment in a hidden queue before checking the assignee', async () => {
    const { ticket } = await ticketIn('social-research');
    expect((await patch(ticket.id, { assigneeId: 'nobody' }, 'agent')).status).toBe(404);
  });
});

describe('support cases close only by their steps', () => {
  it('answers 409 naming the case actions when a PATCH resolves or closes an open case', async () => {
    const { ticket } = await ticketIn('beneficiary-relations', { application: true });
    expect(ticket.type).toBe('support_request');
    for (const status of ['closed', 'resolved']) {
      for (const who of ['agent', 'supervisor']) {
        const refused = await patch(ticket.id, { status }, who);
        expect(refused.status, `${who} ${status}`).toBe(409);
        expect(refused.body.caseActions).toBe(
          'record_verification, refer_to_researcher, withdraw, mark_invalid',
        );
      }
    }
    expect((await runtime.deps.store.getTicket(ticket.id))?.status).not.toMatch(/resolved|closed/);
    // Other status changes stay open to staff.
    expect((await patch(ticket.id, { status: 'pending_internal' }, 'agent')).status).toBe(200);
  });

  it('lets a supervisor end a case early (withdrawn, invalid) as a step of its own; not an agent', async () => {
    for (const [action, step] of [
      ['withdraw', 'withdrawn'],
      ['mark_invalid', 'invalid'],
    ]) {
      const { ticket } = await ticketIn('beneficiary-relations', { application: true });
      const url = `${runtime.url}/api/tickets/${ticket.id}/case/${action}`;
      expect((await postJson(url, { reason: 'طلب المتقدم الإلغاء' }, auth('agent'))).status).toBe(403);
      expect((await postJson(url, {}, auth('supervisor'))).status).toBe(400);
      const ended = await postJson(url, { reason: 'طلب المتقدم الإلغاء' }, auth('supervisor'));
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({ status: 'closed', supportCase: { step } });
      const thread = await runtime.deps.store.getTicketWithThread(ticket.id);
      expect(thread?.events).toContainEqual(
        expect.objectContaining({ type: 'case_step', data: expect.objectContaining({ action, to: step }) }),
      );
    }
  });

  it('still lets an ordinary ticket be closed by PATCH', async () => {
    const { ticket } = await ticketIn('beneficiary-relations');
    expect((await patch(ticket.id, { status: 'resolved' }, 'agent')).status).toBe(200);
  });
});
