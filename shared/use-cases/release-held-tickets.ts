import { canSeeQueue } from '../domain/access-policy.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import type { Principal, StaffUser } from '../domain/staff.ts';
import { isActive, type Ticket } from '../domain/ticket.ts';
import type { InboxStore } from '../ports/inbox-store.ts';
import { type AssignmentSource, queueLoads, shareOut } from '../routing/assignment.ts';
import { type StaffAdminDeps, type StaffChange, updateStaffMember } from './staff-admin.ts';
import { type UpdateDeps, updateTicketForStaff } from './update-ticket.ts';

export type StaffChangeDeps = StaffAdminDeps &
  UpdateDeps & { inbox: Pick<InboxStore, 'listAssigned'>; assignment: AssignmentSource };

/** How many held tickets are given back at once: a disabled agent may hold hundreds, and the request has seconds. */
const AT_ONCE = 10;

/**
 * Changes a member of staff, and gives back the open tickets nobody would answer where they are: all of them
 * when the member is disabled, and those in a queue they can no longer open when their queues or roles change.
 * A queue that assigns by itself shares them out among its least loaded members, another keeps them unassigned
 * (each change an "assigned" event by whoever made the change). Asking again gives back any a failure left.
 */
export async function changeStaffMember(
  deps: StaffChangeDeps,
  principal: Principal,
  userId: string,
  change: StaffChange,
): Promise<StaffUser & { releasedTickets?: number }> {
  const after = await updateStaffMember(deps, principal, userId, change);
  if (after.disabled ? !change.disabled : !change.queueIds && !change.roles) return after;
  const keeps = (queueId: string) => !after.disabled && canSeeQueue({ ...after, userId: after.id }, queueId);
  return { ...after, releasedTickets: await releaseHeldTickets(deps, principal, userId, keeps) };
}

async function releaseHeldTickets(
  deps: StaffChangeDeps,
  principal: Principal,
  userId: string,
  keeps: (queueId: string) => boolean,
): Promise<number> {
  const heldByQueue = new Map<string, string[]>();
  let cursor: string | undefined;
  do {
    const page = await deps.inbox.listAssigned(userId, 100, cursor);
    for (const row of page.tickets.filter((ticket) => isActive(ticket.status) && !keeps(ticket.queueId))) {
      const held = heldByQueue.get(row.queueId);
      if (held) held.push(row.id);
      else heldByQueue.set(row.queueId, [row.id]);
    }
    cursor = page.cursor;
  } while (cursor);
  const handOvers: HandOver[] = [];
  for (const [queueId, ticketIds] of heldByQueue) {
    // The member is left out by id: a cached staff list may not show them disabled yet.
    const queue = await queueLoads(deps.assignment, queueId, userId);
    const takers = queue ? shareOut(queue.loads, ticketIds.length, queue.capacity) : [];
    ticketIds.forEach((ticketId, index) => {
      handOvers.push({ ticketId, queueId, to: takers[index]?.id ?? null });
    });
  }
  let released = 0;
  for (let start = 0; start < handOvers.length; start += AT_ONCE) {
    const outcomes = await Promise.all(
      handOvers.slice(start, start + AT_ONCE).map((handOver) => release(deps, principal, userId, handOver)),
    );
    released += outcomes.filter(Boolean).length;
  }
  return released;
}

interface HandOver {
  ticketId: string;
  queueId: string;
  /** The colleague taking it, or null: unassigned in its queue. */
  to: string | null;
}

/** False when a colleague got there first: the ticket was closed, moved or given to someone else meanwhile. */
async function release(deps: StaffChangeDeps, principal: Principal, userId: string, handOver: HandOver) {
  try {
    await updateTicketForStaff(
      deps,
      principal,
      handOver.ticketId,
      { assigneeId: handOver.to },
      notHeldAsListed(userId, handOver.queueId),
    );
    return true;
  } catch (error) {
    if (error instanceof ConflictError || error instanceof NotFoundError) return false;
    throw error;
  }
}

/** Why a ticket listed as held by the member in the queue no longer is: given away, moved or finished since. */
export const notHeldAsListed =
  (userId: string, queueId: string) =>
  (current: Ticket): string | undefined =>
    current.assigneeId !== userId
      ? 'The ticket was given to someone else meanwhile'
      : current.queueId !== queueId
        ? 'The ticket was moved to another queue meanwhile'
        : !isActive(current.status)
          ? 'The ticket was finished meanwhile'
          : undefined;
