import { describe, expect, it } from 'vitest';
import { getJson, postJson, signIn } from '../support/runtime.ts';
import { useStaffRuntime } from '../support/staff-runtime.ts';

const t = useStaffRuntime(['agent', 'supervisor']);

let phone = 500_000;
async function newTicket(): Promise<string> {
  phone += 1;
  const { body } = await postJson(`${t.runtime.url}/public/contact`, {
    name: 'أبو فهد',
    phone: `0551${phone}`.slice(0, 10),
    subject: 'طلب',
    message: 'نص الطلب',
  });
  return body.ticketId as string;
}

async function patch(id: string, token: string, change: unknown) {
  const response = await fetch(`${t.runtime.url}/api/tickets/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(change),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('PATCH /api/tickets/{id}', () => {
  it('names who answered and who resolved, whoever the ticket is assigned to', async () => {
    const id = await newTicket();
    expect((await patch(id, t.tokens.supervisor, { assigneeId: 'u-agent2' })).status).toBe(200);
    const reply = await postJson(
      `${t.runtime.url}/api/tickets/${id}/messages`,
      { kind: 'reply', text: 'وصلنا طلبكم' },
      { authorization: `Bearer ${t.tokens.agent}` },
    );
    expect(reply.status).toBe(201);
    expect(await t.runtime.deps.store.getTicket(id)).toMatchObject({
      assigneeId: 'u-agent2',
      lastResponseBy: 'u-agent',
    });
    expect((await patch(id, t.tokens.agent, { status: 'resolved' })).body).toMatchObject({
      resolvedBy: 'u-agent',
    });
    const reopened = await patch(id, t.tokens.supervisor, { status: 'open' });
    expect(reopened.body.resolvedBy).toBeUndefined();
  });

  it('lets an agent take a ticket, set priority and status, and records each change as an event', async () => {
    const id = await newTicket();
    const result = await patch(id, t.tokens.agent, {
      assigneeId: 'u-agent',
      priority: 'high',
      status: 'pending_beneficiary',
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      assigneeId: 'u-agent',
      priority: 'high',
      status: 'pending_beneficiary',
    });
    const { body } = await getJson(`${t.runtime.url}/api/tickets/${id}`, t.tokens.agent);
    const types = (body.events as { type: string; actorId?: string }[]).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['status_changed', 'priority_changed', 'assigned']));
  });

  it('lets only a supervisor assign a ticket to someone else', async () => {
    const id = await newTicket();
    expect((await patch(id, t.tokens.supervisor, { assigneeId: 'u-agent' })).status).toBe(200);
    // An agent may not hand their ticket to a colleague, nor take it back from one: the colleague has it now.
    expect((await patch(id, t.tokens.agent, { assigneeId: 'u-agent2' })).status).toBe(403);
    expect((await patch(id, t.tokens.supervisor, { assigneeId: 'u-agent2' })).status).toBe(200);
    const takenBack = await patch(id, t.tokens.agent, { assigneeId: 'u-agent' });
    expect(takenBack.status).toBe(409);
    expect(takenBack.body.error).toBe('ticket_taken');
  });

  it('refuses an assignee who is not a member of the queue', async () => {
    const id = await newTicket();
    const result = await patch(id, t.tokens.supervisor, { assigneeId: 'u-committee' });
    expect(result.status).toBe(400);
    expect(result.body.fields).toContainEqual(expect.objectContaining({ field: 'assigneeId' }));
  });

  it('moves a ticket to another queue, leaving it unassigned there', async () => {
    const id = await newTicket();
    await patch(id, t.tokens.agent, { assigneeId: 'u-agent' });
    const moved = await patch(id, t.tokens.agent, { queueId: 'social-research' });
    expect(moved.body).toMatchObject({ queueId: 'social-research' });
    expect(moved.body.assigneeId).toBeUndefined();
    // Out of the agent's queues now.
    expect((await getJson(`${t.runtime.url}/api/tickets/${id}`, t.tokens.agent)).status).toBe(404);
  });

  it('counts a reopening and clears the resolution time', async () => {
    const id = await newTicket();
    const resolved = await patch(id, t.tokens.agent, { status: 'resolved' });
    expect(resolved.body.resolvedAt).toBeDefined();
    const reopened = await patch(id, t.tokens.agent, { status: 'open' });
    expect(reopened.body).toMatchObject({ status: 'open', reopenCount: 1 });
    expect(reopened.body.resolvedAt).toBeUndefined();
  });

  it('keeps a closed ticket closed except for a supervisor reopening it', async () => {
    const id = await newTicket();
    await patch(id, t.tokens.agent, { status: 'closed' });
    expect((await patch(id, t.tokens.agent, { status: 'open' })).status).toBe(409);
    expect((await patch(id, t.tokens.supervisor, { priority: 'low' })).status).toBe(409);
    expect((await patch(id, t.tokens.supervisor, { status: 'open' })).status).toBe(200);
  });

  it('sets the branch serving the beneficiary, records it, and clears it; an unknown branch is refused', async () => {
    const id = await newTicket();
    expect((await patch(id, t.tokens.agent, { branch: 'atlantis' })).status).toBe(400);
    expect((await patch(id, t.tokens.agent, { branch: 'east' })).body).toMatchObject({ branch: 'east' });
    const thread = await t.runtime.deps.store.getTicketWithThread(id);
    expect(thread?.events.find((event) => event.type === 'branch_changed')?.data).toEqual({
      from: null,
      to: 'east',
    });
    const listed = await getJson(`${t.runtime.url}/api/tickets?branch=east&limit=100`, t.tokens.agent);
    expect((listed.body.tickets as { id: string }[]).map((ticket) => ticket.id)).toContain(id);
    expect((await patch(id, t.tokens.agent, { branch: null })).body.branch).toBeUndefined();
  });

  it('refuses unknown fields, unknown values and an empty change', async () => {
    const id = await newTicket();
    expect((await patch(id, t.tokens.agent, { status: 'done' })).status).toBe(400);
    expect((await patch(id, t.tokens.agent, { owner: 'x' })).status).toBe(400);
    expect((await patch(id, t.tokens.agent, {})).status).toBe(400);
    expect((await patch(id, t.tokens.agent, { queueId: 'nowhere' })).status).toBe(400);
  });

  it('lets a manager read but not change', async () => {
    const id = await newTicket();
    const manager = await signIn(t.runtime, 'manager@sanad.local');
    expect((await patch(id, manager, { priority: 'low' })).status).toBe(403);
  });
});
