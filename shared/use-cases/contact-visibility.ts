import { contactQueuesFor } from '../domain/access-policy.ts';
import type { Principal } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';

export interface ContactVisibilityDeps {
  store: { listContactTickets(contactId: string): Promise<Ticket[]> };
}

/** Whether the caller may see a contact: through one of its tickets' queues, or a role that sees every queue. */
export async function seesContact(
  deps: ContactVisibilityDeps,
  principal: Principal,
  contactId: string,
): Promise<boolean> {
  const tickets = await deps.store.listContactTickets(contactId);
  return (
    contactQueuesFor(
      principal,
      tickets.map((ticket) => ticket.queueId),
    ) !== undefined
  );
}
