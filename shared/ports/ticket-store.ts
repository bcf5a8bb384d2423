import type { Channel } from '../domain/channel.ts';
import type { Contact } from '../domain/contact.ts';
import type { Identity } from '../domain/identity.ts';
import type { Message } from '../domain/message.ts';
import type { Queue } from '../domain/queue.ts';
import type { StaffUser } from '../domain/staff.ts';
import type { Ticket, TicketStatus } from '../domain/ticket.ts';
import type { TicketNarrowing } from '../domain/ticket-narrowing.ts';
import type { TicketRow } from '../domain/ticket-row.ts';
import type { OutboxEntry, OutboxStatus, StaffNoteKey, StaffReplyEntry } from './outbox.ts';

/** What a delivery became, recorded on its guard in the same write that commits it. */
export interface DeliveryOutcome {
  ticketId: string;
  messageId: string;
  reference: string;
  contactId: string;
}

/**
 * Everything one delivery writes, written in one transaction (`openTicket`, `appendToTicket`). An earlier version
 * committed it on the delivery's guard before writing any of it; whoever finds such an intent not yet applied (a
 * retry, a message of the same sender) applies it (`applyDelivery`).
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
export type FollowUpIntent = Extract<DeliveryIntent, { kind: 'follow_up' }>;

/** The guard of one provider delivery; its outcome is set once, by the first writer. */
export interface InboundGuard {
  channel: Channel;
  providerMessageId: string;
  outcome?: DeliveryOutcome;
  /** Whether the delivery opened its ticket (rather than joined one): what its announcement says. */
  opened?: boolean;
  /** The digest of what a client sent with its own key (`InboundContact.fingerprint`). */
  fingerprint?: string;
  /** What an earlier version committed to write, until it is applied. */
  intent?: DeliveryIntent;
  /** Set once every item of the delivery is written. */
  applied?: boolean;
}

/** A delivery's guard as its transaction writes it. */
export type DeliveryGuard = Required<Pick<InboundGuard, 'channel' | 'providerMessageId' | 'outcome'>> &
  Pick<InboundGuard, 'fingerprint'>;

/**
 * A sender's conversation on one channel: the ticket their next message joins, written with that ticket. It names
 * the delivery and writer that opened it, for pointers an earlier version wrote ahead of their ticket.
 */
export interface ConversationPointer {
  channel: Channel;
  identity: Identity;
  ticketId: string;
  reservedAt: string;
  writer: string;
  delivery: { channel: Channel; providerMessageId: string };
}

/** A conversation a new ticket takes: pointed at it only if it still points where the lookup saw it. */
export interface ConversationClaim {
  pointer: ConversationPointer;
  /** The ticket it pointed at when looked up; undefined when there was no pointer. */
  seen: string | undefined;
}

export type TicketOpeningResult = 'opened' | 'duplicate' | 'conversation_taken';

export type FollowUpResult = 'appended' | 'duplicate' | 'stale';

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
  /** With `earlierIds`, the guard is the first of the delivery's ids (its own, then those) that has an outcome. */
  lookupInbound(
    channel: Channel,
    providerMessageId: string,
    identities: Identity[],
    earlierIds?: string[],
  ): Promise<InboundLookup>;
  getGuard(channel: Channel, providerMessageId: string): Promise<InboundGuard | undefined>;
  /** Writes an intent's items; each write is idempotent and never overwrites what was changed since. */
  applyDelivery(intent: DeliveryIntent): Promise<void>;
  markApplied(channel: Channel, providerMessageId: string): Promise<void>;
  /**
   * Adds a follow-up to its ticket: the delivery's guard (its outcome, applied), the message and what else the
   * delivery brings, the ticket as changed from the version read, and the change's events, all written or none.
   * `duplicate`: another delivery of the same message committed first; `stale`: the ticket is no longer at
   * `version` (read it again).
   */
  appendToTicket(
    guard: DeliveryGuard,
    intent: FollowUpIntent,
    changed: { ticket: Ticket; version: number; events: TicketEventRecord[] },
  ): Promise<FollowUpResult>;
  /** A ticket and the version it is stored at, read consistently. */
  getVersionedTicket(ticketId: string): Promise<{ ticket: Ticket; version: number } | undefined>;
  /**
   * Opens a new ticket: the delivery's guard (its outcome, applied), the ticket and everything it needs, and the
   * sender's conversations pointed at it, all written or none. `duplicate`: another delivery of the same message
   * committed first; `conversation_taken`: a conversation no longer points where `seen` said (another message of
   * the sender opened it first).
   */
  openTicket(
    guard: DeliveryGuard,
    intent: NewTicketIntent,
    conversations: ConversationClaim[],
  ): Promise<TicketOpeningResult>;
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

/**
 * Staff replies, recorded before they leave: the message (`pending`) and its outbox entry are written together,
 * and what the provider answered is written with the ticket's change and the entry's end, once.
 */
export interface ReplyStore {
  /**
   * Writes the reply's message and its outbox entry, held by this attempt until `leaseUntil`, all or none; false
   * when an entry with that id exists (the same Idempotency-Key sent before), and then nothing is written.
   */
  recordReply(entry: StaffReplyEntry, message: Message, leaseUntil: Date): Promise<boolean>;
  /**
   * An outbox entry (or a note's hold on the key) and where it stands, read consistently: for a reply or a note
   * sent again with its Idempotency-Key.
   */
  replyEntry(id: string): Promise<{ entry: OutboxEntry | StaffNoteKey; status: OutboxStatus } | undefined>;
  /**
   * Writes a note sent with a member's Idempotency-Key: the key's hold (only if no note or reply holds it yet), the
   * note and the ticket's count under its version, all or none; false when the key was held, and then nothing is
   * written.
   */
  recordNote(key: StaffNoteKey, note: Message): Promise<boolean>;
  /** Notes, just before the provider call, that the reply may now have left. */
  markReplySending(id: string, at: string): Promise<void>;
  /**
   * Keeps on the message, at once, what the provider answered (`sent` with its id, or `failed` with the reason): one
   * small write, so a crash after the provider took it sends it again only in that write's time. Only while the
   * message is pending: when an attempt that took over kept its own first, that outcome stands and is returned.
   */
  keepReplyOutcome(delivered: Message): Promise<Message>;
  /** The message an entry recorded, as it stands now (its delivery status, reports included). */
  getRecordedReply(entry: Pick<StaffReplyEntry, 'ticketId' | 'messageId'>): Promise<Message | undefined>;
  /**
   * Finishes a reply whose outcome is kept, at `at`: the ticket as `change` makes it (under its version, read again
   * while it changes), the message's provider-id pointers, `events`, and the entry finished, in one transaction;
   * the ticket as written. Undefined when another attempt finished the entry first: then nothing is written, so
   * the ticket is never changed twice for one reply.
   */
  finishReply(
    entryId: string,
    delivered: Message,
    at: string,
    change: (current: Ticket) => Ticket,
    events: TicketEventRecord[],
  ): Promise<Ticket | undefined>;
}
