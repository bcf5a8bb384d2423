import type { Channel } from '../domain/channel.ts';
import type { Contact } from '../domain/contact.ts';
import type { Identity } from '../domain/identity.ts';
import type { Message } from '../domain/message.ts';
import type { Queue } from '../domain/queue.ts';
import type { StaffUser } from '../domain/staff.ts';
import type { Ticket, TicketStatus } from '../domain/ticket.ts';
import type { TicketNarrowing } from '../domain/ticket-narrowing.ts';
import type { TicketRow } from '../domain/ticket-row.ts';

/** What a delivery became, recorded on its guard in the same write that commits it. */
export interface DeliveryOutcome {
  ticketId: string;
  messageId: string;
  reference: string;
  contactId: string;
}

/**
 * Everything one delivery writes, committed at once on its guard before any of it is written: whoever finds a
 * committed intent not yet applied (a retry, a concurrent message of the same sender) applies it, so a crash
 * at any point loses nothing and writes nothing twice.
 */
export type DeliveryIntent =
  | {
      kind: 'new_ticket';
      ticket: Ticket;
      message: Message;
      /** Present when the contact is new. */
      contact?: Contact;
      /** Identities to link to the contact (new contact, or a known contact seen under a new address). */
      newIdentities: Identity[];
      events: TicketEventRecord[];
    }
  | {
      kind: 'follow_up';
      ticketId: string;
      message: Message;
      /** The sender when new: someone writing on another contact's email thread is their own contact. */
      senderContact?: Contact;
      newIdentities: Identity[];
    };

export type NewTicketIntent = Extract<DeliveryIntent, { kind: 'new_ticket' }>;

/** The guard of one provider delivery; its outcome and intent are set once, by the first writer. */
export interface InboundGuard {
  channel: Channel;
  providerMessageId: string;
  outcome?: DeliveryOutcome;
  intent?: DeliveryIntent;
  /** Set once every item of the intent is written. */
  applied?: boolean;
}

/**
 * A sender's conversation on one channel: the ticket their next message joins. Written before a new ticket
 * exists, it reserves that ticket for messages arriving together; the reservation names its delivery and writer.
 */
export interface ConversationPointer {
  channel: Channel;
  identity: Identity;
  ticketId: string;
  reservedAt: string;
  writer: string;
  delivery: { channel: Channel; providerMessageId: string };
}

export interface InboundLookup {
  guard?: InboundGuard;
  /** Contact ids of the identities already known, keyed by identityKey. */
  contactIdsByIdentity: Map<string, string>;
  /** Each identity's conversation on the delivery's channel, by identityKey. */
  conversations: Map<string, ConversationPointer>;
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

/** A page of an inbox list: rows, not whole tickets (the list indexes keep only rows). */
export interface TicketPage {
  tickets: TicketRow[];
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
  getGuard(channel: Channel, providerMessageId: string): Promise<InboundGuard | undefined>;
  /** Commits a delivery's intent; false when another delivery of the same message committed first. */
  commitDelivery(
    guard: Required<Pick<InboundGuard, 'channel' | 'providerMessageId' | 'outcome' | 'intent'>>,
  ): Promise<boolean>;
  /** Writes an intent's items; each write is idempotent and never overwrites what was changed since. */
  applyDelivery(intent: DeliveryIntent): Promise<void>;
  markApplied(channel: Channel, providerMessageId: string): Promise<void>;
  /**
   * Opens a new ticket: the delivery's guard (its outcome, applied), the ticket and everything it needs, all
   * written or none. False when another delivery of the same message committed first.
   */
  openTicket(
    guard: Required<Pick<InboundGuard, 'channel' | 'providerMessageId' | 'outcome'>>,
    intent: NewTicketIntent,
  ): Promise<boolean>;
  /** Points the identity's conversation at a ticket, if it still points where `seen` says (nowhere: undefined). */
  reserveConversation(pointer: ConversationPointer, seen: string | undefined): Promise<boolean>;
  getContact(contactId: string): Promise<Contact | undefined>;
  getTicket(ticketId: string): Promise<Ticket | undefined>;
  updateTicket(ticketId: string, change: (current: Ticket) => Ticket): Promise<Ticket>;
  addEvents(events: TicketEventRecord[]): Promise<void>;
  findTicketByReference(reference: string): Promise<Ticket | undefined>;
  /** The ticket an email belongs to, by the first of the Message-IDs it answers that is known (most relevant first). */
  findTicketByEmailIds(messageIds: string[]): Promise<Ticket | undefined>;
  nextReferenceNumber(year: number): Promise<number>;
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
