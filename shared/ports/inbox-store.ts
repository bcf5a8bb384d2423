import type { Identity } from '../domain/identity.ts';
import type { TicketNarrowing } from '../domain/ticket-narrowing.ts';
import type { TicketPage } from './ticket-store.ts';

/** The inbox's read patterns beyond the queue view. */
export interface InboxStore {
  listAssigned(
    userId: string,
    limit: number,
    cursor?: string,
    narrowing?: TicketNarrowing,
  ): Promise<TicketPage>;
  contactIdOf(identity: Identity): Promise<string | undefined>;
}
