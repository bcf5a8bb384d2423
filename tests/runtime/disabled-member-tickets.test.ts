import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/domain/errors.ts';
import { notHeldAsListed } from '../../shared/use-cases/release-held-tickets.ts';
import { updateTicketForStaff } from '../../shared/use-cases/update-ticket.ts';
import { useMovingClock } from '../support/moving-clock.ts';
import { logContact } from '../support/staff-runtime.ts';

const { t } = useMovingClock('2026-12-01T09:00:00+03:00');
const disable = (token: string, disabled = true) => t.send('PUT', '/api/staff/u-agent2', token, { disabled });

/** A walk-in the agent logs (each visitor their own, so none joins another's ticket), handed to Fahd (u-agent2). */
async function ticketHeldByFahd(visitor: number): Promise<string> {
  const key = `disabled-member-held-${visitor}`;
  const logged = await logContact(t.runtime, t.agent, 'walk_in', key, {
    name: 'مراجع',
    phone: `055444011${visitor}`,
    text: `استفسار عن موعد صرف السلة الغذائية ${key}`,
  });
  expect(logged, JSON.stringify(logged.body)).toMatchObject({ status: 201 });
  const ticketId = String(logged.body.ticketId);
  const assigned = await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, {
    assigneeId: 'u-agent2',
  });
  expect(assigned.status).toBe(200);
  return ticketId;
}

/** A ticket with its events, as the admin reads it. */
const ticket = async (ticketId: string) =>
  (await t.send('GET', `/api/tickets/${ticketId}`, t.admin)).body as {
    ticket: { assigneeId?: string };
    events: unknown[];
  };

/** The ticket's assignee and the "assigned" event the admin's disable wrote on it. */
async function handedOver(ticketId: string, to: string | null) {
  const { ticket: after, events } = await ticket(ticketId);
  expect(after.assigneeId).toBe(to ?? undefined);
  expect(events).toContainEqual(
    expect.objectContaining({ type: 'assigned', actorId: 'u-admin', data: { from: 'u-agent2', to } }),
  );
}

describe('a member of staff disabled while holding tickets', () => {
  it('shares their open tickets out in a queue that assigns by itself, and leaves the finished ones', async () => {
    const open = [await ticketHeldByFahd(1), await ticketHeldByFahd(2)];
    const finished = await ticketHeldByFahd(3);
    const resolved = await t.send('PATCH', `/api/tickets/${finished}`, t.supervisor, { status: 'resolved' });
    expect(resolved.status).toBe(200);

    // A supervisor moves staff between queues only; disabling is an admin's.
    expect((await disable(t.supervisor)).status).toBe(403);
    expect((await ticket(open[0] as string)).ticket.assigneeId).toBe('u-agent2');

    expect(await disable(t.admin)).toMatchObject({
      status: 200,
      body: { id: 'u-agent2', disabled: true, releasedTickets: 2 },
    });
    // Beneficiary relations assigns by itself: Noura (u-agent) is its other working member.
    for (const ticketId of open) await handedOver(ticketId, 'u-agent');
    expect((await ticket(finished)).ticket.assigneeId).toBe('u-agent2');

    // Asking again finds nothing more to give back.
    expect(await disable(t.admin)).toMatchObject({ status: 200, body: { releasedTickets: 0 } });
  });

  it('leaves them unassigned in a queue whose members take tickets themselves', async () => {
    expect((await disable(t.admin, false)).status).toBe(200);
    const held = await ticketHeldByFahd(5);
    const queue = { autoAssign: false };
    expect((await t.send('PUT', '/api/queues/beneficiary-relations', t.admin, queue)).status).toBe(200);
    expect(await disable(t.admin)).toMatchObject({ status: 200, body: { releasedTickets: 1 } });
    await handedOver(held, null);
  });

  it('never takes back a ticket a colleague gave away, moved or finished between the listing and the hand-over', async () => {
    expect((await disable(t.admin, false)).status).toBe(200);
    const held = await ticketHeldByFahd(6);
    const admin = {
      userId: 'u-admin',
      email: 'admin@sanad.local',
      name: 'مدير النظام',
      roles: ['admin' as const],
      queueIds: [],
    };
    const handOver = (listedAs: [string, string]) =>
      updateTicketForStaff(t.runtime.deps, admin, held, { assigneeId: null }, notHeldAsListed(...listedAs));
    for (const listedAs of [
      ['u-agent', 'beneficiary-relations'],
      ['u-agent2', 'volunteering'],
    ] as [string, string][])
      await expect(handOver(listedAs)).rejects.toBeInstanceOf(ConflictError);
    expect((await ticket(held)).ticket.assigneeId).toBe('u-agent2');

    // Resolved by a colleague after the listing, it keeps its assignee.
    const resolved = await t.send('PATCH', `/api/tickets/${held}`, t.supervisor, { status: 'resolved' });
    expect(resolved.status).toBe(200);
    await expect(handOver(['u-agent2', 'beneficiary-relations'])).rejects.toThrow('finished meanwhile');
    expect((await ticket(held)).ticket.assigneeId).toBe('u-agent2');
  });

  it('changes nothing of the tickets when a member is changed otherwise, or enabled again', async () => {
    const held = await ticketHeldByFahd(4);
    const renamed = await t.send('PUT', '/api/staff/u-agent2', t.admin, { capacity: 30 });
    expect(renamed.body).not.toHaveProperty('releasedTickets');
    expect((await ticket(held)).ticket.assigneeId).toBe('u-agent2');
    expect((await disable(t.admin)).status).toBe(200);
    const enabled = await disable(t.admin, false);
    expect(enabled.status).toBe(200);
    expect(enabled.body).not.toHaveProperty('releasedTickets');
  });

  it('cannot be given a ticket while disabled: the hand-over is refused, and nothing is told to them', async () => {
    const held = await ticketHeldByFahd(7);
    expect((await disable(t.admin)).status).toBe(200);
    try {
      const outboxBefore = t.runtime.outbox.list().length;
      const given = await t.send('PATCH', `/api/tickets/${held}`, t.supervisor, { assigneeId: 'u-agent2' });
      expect(given).toMatchObject({
        status: 400,
        body: {
          fields: [
            { field: 'assigneeId', code: 'account_disabled', messageAr: expect.stringContaining('معطّل') },
          ],
        },
      });
      expect((await ticket(held)).ticket.assigneeId).not.toBe('u-agent2');
      const mailed = t.runtime.outbox.list().slice(outboxBefore);
      expect(mailed.map((entry) => entry.to)).not.toContain('agent2@sanad.local');
    } finally {
      await disable(t.admin, false);
    }
  });
});

describe('a member of staff taken out of a queue while holding tickets in it', () => {
  it('gives back what they held in that queue, keeps the rest, and says how many', async () => {
    const held = await ticketHeldByFahd(8);
    const kept = await ticketHeldByFahd(9);
    const toNorth = { queueId: 'branch-north', assigneeId: 'u-agent2' };
    expect((await t.send('PATCH', `/api/tickets/${kept}`, t.supervisor, toNorth)).status).toBe(200);
    const fahd = await t.runtime.deps.store.getStaffUser('u-agent2');
    expect(fahd?.queueIds).toContain('branch-north');
    const { tickets } = await t.runtime.deps.inbox.listAssigned('u-agent2', 100);
    const open = tickets.filter((row) => row.status !== 'resolved' && row.status !== 'closed');
    const inRelations = open.filter((row) => row.queueId === 'beneficiary-relations').length;
    const elsewhere = open.filter((row) => row.queueId !== 'beneficiary-relations').map((row) => row.id);
    const queueIds = (fahd?.queueIds ?? []).filter((queueId) => queueId !== 'beneficiary-relations');
    try {
      const moved = await t.send('PUT', '/api/staff/u-agent2', t.admin, { queueIds });
      expect(moved).toMatchObject({ status: 200, body: { releasedTickets: inRelations } });
      // Beneficiary relations no longer assigns by itself (set above): it waits there for a colleague to take.
      await handedOver(held, null);
      expect(elsewhere).toContain(kept);
      for (const ticketId of elsewhere) expect((await ticket(ticketId)).ticket.assigneeId).toBe('u-agent2');
      // Saving the same queues again finds nothing more to give back.
      const again = await t.send('PUT', '/api/staff/u-agent2', t.admin, { queueIds });
      expect(again.body).toMatchObject({ releasedTickets: 0 });
    } finally {
      await t.send('PUT', '/api/staff/u-agent2', t.admin, { queueIds: fahd?.queueIds });
    }
  });
});
