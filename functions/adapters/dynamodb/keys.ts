import type { Channel } from '../../../shared/domain/channel.ts';
import { type Identity, identityKey } from '../../../shared/domain/identity.ts';
import { isActive, type Ticket, type TicketStatus } from '../../../shared/domain/ticket.ts';

/** Key builders: every item's keys are made here and nowhere else. */
export const keys = {
  ticket: (ticketId: string) => ({ PK: `TICKET#${ticketId}`, SK: 'META' }),
  message: (ticketId: string, messageId: string) => ({ PK: `TICKET#${ticketId}`, SK: `MSG#${messageId}` }),
  event: (ticketId: string, eventId: string) => ({ PK: `TICKET#${ticketId}`, SK: `EVT#${eventId}` }),
  contact: (contactId: string) => ({ PK: `CONTACT#${contactId}`, SK: 'PROFILE' }),
  identity: (identity: Identity) => ({ PK: `IDENT#${identityKey(identity)}`, SK: 'IDENT' }),
  inboundGuard: (channel: Channel, providerMessageId: string) => ({
    PK: `INBOUND#${channel}#${providerMessageId}`,
    SK: 'GUARD',
  }),
  outboundMessage: (channel: Channel, providerMessageId: string) => ({
    PK: `OUTBOUND#${channel}#${providerMessageId}`,
    SK: 'OUTBOUND',
  }),
  reference: (reference: string) => ({ PK: `REF#${reference}`, SK: 'REF' }),
  referenceCounter: (year: number) => ({ PK: `COUNTER#REFERENCE#${year}`, SK: 'COUNTER' }),
  queue: (queueId: string) => ({ PK: 'CONFIG#QUEUES', SK: `QUEUE#${queueId}` }),
  staffUser: (userId: string) => ({ PK: 'CONFIG#STAFF', SK: `USER#${userId}` }),
  marker: (name: string) => ({ PK: 'CONFIG#MARKERS', SK: `MARKER#${name}` }),
  /** Live inbox connections of the WebSocket API: one small partition, as many items as staff online. */
  liveConnection: (connectionId: string) => ({ PK: 'LIVE#CONNECTIONS', SK: `CONN#${connectionId}` }),
  /** Word index for name/subject search: one partition per folded word. */
  searchToken: (token: string, ticketId: string) => ({ PK: `WORD#${token}`, SK: `TICKET#${ticketId}` }),
  staffLogin: (email: string) => ({ PK: `LOGIN#${email.toLowerCase()}`, SK: 'LOGIN' }),
};

export const queueStatusPartition = (queueId: string, status: TicketStatus) =>
  `QUEUE#${queueId}#STATUS#${status}`;

/** Index keys of a ticket, derived from its fields each time it is written so they never drift. */
export function ticketIndexKeys(ticket: Ticket): Record<string, string> {
  const activity = `${ticket.lastActivityAt}#${ticket.id}`;
  const indexKeys: Record<string, string> = {
    GSI1PK: queueStatusPartition(ticket.queueId, ticket.status),
    GSI1SK: activity,
    GSI3PK: `CONTACT#${ticket.contactId}`,
    GSI3SK: `${isActive(ticket.status) ? 'ACTIVE' : 'DONE'}#${ticket.channel}#${ticket.createdAt}`,
  };
  if (ticket.assigneeId) {
    indexKeys.GSI2PK = `AGENT#${ticket.assigneeId}`;
    indexKeys.GSI2SK = activity;
  }
  return indexKeys;
}

export function activeTicketPrefix(channel: Channel): string {
  return `ACTIVE#${channel}#`;
}
