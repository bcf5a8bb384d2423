import type { TicketEventPublisher } from '../ports/events.ts';
import type { NotificationStore } from '../ports/notifications.ts';
import type { DeliveryOutcome, IngestStore } from '../ports/ticket-store.ts';
import type { TicketOpeningDeps } from './intake-records.ts';

/** What the one intake (ingest-contact.ts) needs, and what it answers a channel. */
export interface IngestDeps extends TicketOpeningDeps {
  store: IngestStore;
  events: TicketEventPublisher;
  /**
   * This process as a writer. `sole`: no other live process writes this table (the local runtime owns its data
   * folder), so a reservation left by another writer belongs to a process that is gone and is taken over at once.
   */
  writer?: { id: string; sole: boolean };
  /** Where the member given the new ticket is told; without it nobody is. */
  notifications?: NotificationStore;
}

export type IngestOutcome = 'created' | 'appended' | 'duplicate';

export interface IngestResult extends DeliveryOutcome {
  outcome: IngestOutcome;
}
