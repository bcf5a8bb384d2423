import type { Ticket } from './ticket.ts';

export type TicketChangeKind = 'created' | 'message' | 'updated';

/** "Something changed on this ticket": what the live inbox and the metrics listen to. */
export interface TicketChanged {
  kind: TicketChangeKind;
  ticketId: string;
  reference: string;
  queueId: string;
  /** On a change that moved the ticket: the queue it left, so inboxes that saw it only there drop it. */
  fromQueueId?: string;
  at: string;
  /** On `created`: whether the ticket opens a support case (whose acknowledgement follows). */
  opensCase?: boolean;
  /** The request or provider message that caused the change, for its consumers' logs. */
  correlationId?: string;
  /**
   * On `created` and `message`: the messages whose text the change added or changed (none for a reaction), so
   * the search index reads and indexes only those. Absent, a consumer cannot tell and reads the whole thread.
   */
  messageIds?: string[];
  /** The ticket's contact, so a consumer reads it with the ticket rather than after it. */
  contactId?: string;
  /** Staff given a notice in their notification centre with this change (an assignment, an escalation). */
  notified?: string[];
}

/** A change of the ticket: whose, in which queue, when; `more` says what else a consumer may use (an empty
 * `notified` is left out). */
export function changeOf(
  kind: TicketChangeKind,
  ticket: Pick<Ticket, 'id' | 'reference' | 'queueId' | 'contactId'>,
  at: string,
  { notified, ...more }: Pick<TicketChanged, 'messageIds' | 'notified' | 'opensCase' | 'fromQueueId'> = {},
): TicketChanged {
  return {
    kind,
    ticketId: ticket.id,
    reference: ticket.reference,
    queueId: ticket.queueId,
    contactId: ticket.contactId,
    at,
    ...more,
    ...(notified && notified.length > 0 && { notified }),
  };
}
