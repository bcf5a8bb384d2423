import { ConflictError, NotFoundError } from '../domain/errors.ts';
import type { Principal, StaffUser } from '../domain/staff.ts';
import { isActive } from '../domain/ticket.ts';
import type { InboxStore } from './inbox-views.ts';
import { type StaffAdminDeps, type StaffChange, updateStaffMember } from './staff-admin.ts';
import { type UpdateDeps, updateTicketForStaff } from './update-ticket.ts';

export type StaffChangeDeps = StaffAdminDeps & UpdateDeps & { inbox: Pick<InboxStore, 'listAssigned'> };

/** How many held tickets are given back at once: a disabled agent may hold hundreds, and the request has seconds. */
const AT_ONCE = 10;

/**
 * Changes a member of staff; disabling one also gives back to their queues, unassigned, the open tickets they
 * held, since nobody would answer them there (each with its "unassigned" event, by the admin). Asking again
 * gives back any a failure left, so a disable can always be completed.
 */
export async function changeStaffMember(
  deps: StaffChangeDeps,
  principal: Principal,
  userId: string,
  change: StaffChange,
): Promise<StaffUser & { releasedTickets?: number }> {
  const after = await updateStaffMember(deps, principal, userId, change);
  if (!change.disabled) return after;
  return { ...after, releasedTickets: await releaseHeldTickets(deps, principal, userId) };
}

async function releaseHeldTickets(
  deps: StaffChangeDeps,
  principal: Principal,
  userId: string,
): Promise<number> {
  const held: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.inbox.listAssigned(userId, 100, cursor);
    held.push(...page.tickets.filter((row) => isActive(row.status)).map((row) => row.id));
    cursor = page.cursor;
  } while (cursor);
  let released = 0;
  for (let start = 0; start < held.length; start += AT_ONCE) {
    const outcomes = await Promise.all(
      held.slice(start, start + AT_ONCE).map((ticketId) => release(deps, principal, ticketId, userId)),
    );
    released += outcomes.filter(Boolean).length;
  }
  return released;
}

/** False when a colleague got there first: the ticket was closed, moved on or given to someone else meanwhile. */
async function release(deps: StaffChangeDeps, principal: Principal, ticketId: string, userId: string) {
  try {
    const current = await deps.store.getTicket(ticketId);
    if (!current || current.assigneeId !== userId || !isActive(current.status)) return false;
    await updateTicketForStaff(deps, principal, ticketId, { assigneeId: null });
    return true;
  } catch (error) {
    if (error instanceof ConflictError || error instanceof NotFoundError) return false;
    throw error;
  }
}
