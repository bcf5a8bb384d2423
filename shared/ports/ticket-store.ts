import type { Channel } from '../domain/channel.ts';
import type { Contact } from '../domain/contact.ts';
import type { Identity } from '../domain/identity.ts';
import type { Message } from '../domain/message.ts';
import type { Queue } from '../domain/queue.ts';
import type { StaffUser } from '../domain/staff.ts';
import type { Ticket, TicketStatus } from '../domain/ticket.ts';
import type { TicketNarrowing } from '../domain/ticket-narrowing.ts';

/** The claim an ingest puts on one provider delivery before writing anything else. */
export interface InboundGuard {
  channel: Channel;
  providerMessageId: string;
  ticketId: string;
  messageId: string;
  claimedAt: string;
}

export interface InboundLookup {
  guard?: InboundGuard;
  /** Contact ids of the identities already known, keyed by identityKey. */
  contactIdsByIdentity: Map<string, string>;
}

/** On a claim, `guard` is the one in force: a taken-over claim keeps the ids of the ingest that died. */
export type ClaimResult = { claimed: true; guard: InboundGuard } | { claimed: false; existing: InboundGuard };

/** Everything a new ticket needs written together. */
export interface NewTicketWrite {
  ticket: Ticket;
  message: Message;
  /** Present when the contact is new. */
  contact?: Contact;
  /** Identities to link to the contact (new contact, or a known contact seen under a new address). */
  newIdentities: Identity[];
  events: TicketEventRecord[];
}

export interface FollowUpWrite {
  ticketId: string;
  message: Message;
  /** What the message does to the ticket, applied to the ticket as stored when it is written. */
  change: (current: Ticket) => Ticket;
  /**
   * The sender, when new: someone answering on another contact's email thread (a relative in Cc) is their own
   * contact, and their address is never linked to the ticket's contact.
   */
  senderContact?: Contact;
  /** Identities to link to the sender's contact (the message's author). */
  newIdentities: Identity[];
  events: TicketEventRecord[];
}

/** Something that happened on a ticket: routing, assignment, status change, escalation, a workflow step. */
export interface TicketEventRecord {
  id: string;
  ticketId: string;
  type: string;
  at: string;
  actorId?: string;
  data: Record<string, unknown>;
}

export interface TicketPage {
  tickets: Ticket[];
  /** Opaque; absent on the last page. */
  cursor?: string;
}

export interface TicketListQuery {
  queueIds: string[];
  statuses: TicketStatus[];
  limit: number;
  cursor?: string;
  narrowing?: TicketNarrowing;
}

export interface TicketWithThread {
  ticket: Ticket;
  messages: Message[];
  events: TicketEventRecord[];
}

export interface IngestStore {
  lookupInbound(channel: Channel, providerMessageId: string, identities: Identity[]): Promise<InboundLookup>;
  /** Conditionally claims a delivery; a stale claim (an ingest that died) older than leaseMs is taken over. */
  claimInbound(guard: InboundGuard, leaseMs: number): Promise<ClaimResult>;
  messageExists(ticketId: string, messageId: string): Promise<boolean>;
  getContact(contactId: string): Promise<Contact | undefined>;
  findActiveTicket(contactId: string, channel: Channel): Promise<Ticket | undefined>;
  getTicket(ticketId: string): Promise<Ticket | undefined>;
  findTicketByReference(reference: string): Promise<Ticket | undefined>;
  /** The ticket an email belongs to, by the first of the Message-IDs it answers that is known (most relevant first). */
  findTicketByEmailIds(messageIds: string[]): Promise<Ticket | undefined>;
  nextReferenceNumber(year: number): Promise<number>;
  createTicket(write: NewTicketWrite): Promise<void>;
  appendFollowUp(write: FollowUpWrite): Promise<void>;
}

export interface StaffStore {
  listTickets(query: TicketListQuery): Promise<TicketPage>;
  getTicketWithThread(ticketId: string): Promise<TicketWithThread | undefined>;
  getTicket(ticketId: string): Promise<Ticket | undefined>;
  /** Appends a message; `change` updates the ticket (status, first response) under the same optimistic lock. */
  addMessage(
    ticket: Ticket,
    message: Message,
    events: TicketEventRecord[],
    change?: (current: Ticket) => Ticket,
  ): Promise<void>;
  getContact(contactId: string): Promise<Contact | undefined>;
  listQueues(): Promise<Queue[]>;
  getStaffUser(userId: string): Promise<StaffUser | undefined>;
}
