import type { Channel } from '../domain/channel.ts';
import type { DeliveryStatus } from '../domain/message.ts';
import type { ReplyAddress } from '../domain/reply-address.ts';
import type { Survey } from '../domain/survey.ts';
import type { OutboundMessage } from './outbound.ts';

export type AutomaticKind =
  | 'acknowledgement'
  | 'case_notice'
  | 'survey'
  | 'survey_thanks'
  | 'status_code'
  | 'announcement'
  /** A scheduled reminder of the case (missing documents, renewal, follow-up) or its closing notice. */
  | 'reminder'
  | 'automatic_answer'
  /** A file the beneficiary sent that was too large to keep: they are asked to send it smaller. */
  | 'file_not_received';

/**
 * The intent to send one automatic message to a ticket's beneficiary, recorded before anything is sent so that a
 * crash never loses it: a sender delivers it (again, after a crash) until it is marked done.
 */
export interface AutomaticMessage {
  /** `<ticketId>#<key>`: the same cause always makes the same id, so recording it twice records it once. */
  id: string;
  ticketId: string;
  kind: AutomaticKind;
  /** The exact address; without it the beneficiary's own channel, looked up when sending. */
  address?: ReplyAddress;
  channel?: Channel;
  text: string;
  subject?: string;
  template?: OutboundMessage['template'];
  /** Recorded on the ticket with the message, its delivery status added. */
  event?: { type: string; data: Record<string, unknown> };
  /** A survey stored before its link is sent (the link must work when it arrives). */
  survey?: { survey: Survey; acceptsReplies: boolean };
  createdAt: string;
  /** The request or provider message it was recorded for; each attempt sends it with this id. */
  correlationId?: string;
  /** The beneficiary's mail it answers: whichever attempt sends it threads it there (In-Reply-To, References). */
  inReplyTo?: string;
  references?: string[];
}

/**
 * A staff reply in the outbox. It is written in one transaction with the reply's message on the ticket (status
 * `pending`), so the ticket never lacks a reply that may have left; whoever holds its attempt (the request that
 * wrote it, or the drain after a crash) sends that message as recorded.
 */
export interface StaffReplyEntry {
  /** `<ticketId>#reply#…`: a digest of the member and their Idempotency-Key, or the message id without one. */
  id: string;
  ticketId: string;
  kind: 'reply';
  /** The ticket message it sends (its text, subject, files and channel are read from there). */
  messageId: string;
  /** The address, as the reply resolved it when it was written. */
  to: string;
  ticketReference: string;
  inReplyTo?: string;
  references?: string[];
  template?: OutboundMessage['template'];
  /** The digest of the request that came with the member's key: the same key with another request is refused. */
  fingerprint?: string;
  createdAt: string;
  /** The request that wrote it; every attempt sends it with this id. */
  correlationId?: string;
}

/**
 * A member's Idempotency-Key on a ticket as an internal note used it. Never sent and never pending: it is kept
 * where a reply with that key would keep its entry (the same id), so one key names one note or one reply.
 */
export interface StaffNoteKey {
  /** The id a reply with the same member's key would have: `<ticketId>#reply#…`. */
  id: string;
  ticketId: string;
  kind: 'note';
  /** The note the key made. */
  messageId: string;
  /** The digest of the note's text: the same key with another text is refused. */
  fingerprint: string;
  createdAt: string;
}

/** What the outbox holds: automatic messages, and staff replies already recorded on their ticket. */
export type OutboxEntry = AutomaticMessage | StaffReplyEntry;

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'skipped';

export interface OutboxAttempt {
  message: OutboxEntry;
  /** 1 for the first send; more after a crash or a retry. */
  attempt: number;
  /** An earlier attempt reached the provider call and died before marking it done: this send may be a copy. */
  maybeSentBefore: boolean;
}

/** Durable automatic messages: one item per message, plus a pointer while it is pending for the drain to find. */
export interface OutboxStore {
  /** Records the intent unless it exists (put-if-absent); true when this call recorded it. */
  record(message: AutomaticMessage): Promise<boolean>;
  /**
   * Takes a pending message for one attempt until `leaseUntil` (a conditional write, so two senders never send
   * it at once); undefined when it is done or another sender holds it. `takeOverLease`: the holder is known to be
   * dead (a single local process that has just restarted), so its lease is not waited out.
   */
  claimAttempt(
    id: string,
    now: Date,
    leaseUntil: Date,
    takeOverLease?: boolean,
  ): Promise<OutboxAttempt | undefined>;
  /** Notes, just before the provider call, that this message may now have left. */
  markSending(id: string, at: string): Promise<void>;
  /** `messageId`: the ticket message it became, whose delivery reports say whether it arrived. */
  finish(
    id: string,
    status: Exclude<OutboxStatus, 'pending'>,
    at: string,
    reason?: string,
    messageId?: string,
  ): Promise<void>;
  /** Ids of the messages still pending (oldest first), for the drain that runs after a crash. */
  pending(limit: number): Promise<string[]>;
}

/** Where one automatic message stands and, once sent, what its provider last reported about it. */
export interface OutboxState {
  status: OutboxStatus;
  deliveryStatus?: DeliveryStatus;
}

/** Where automatic messages stand, for counting an announcement's outcome. */
export interface OutboxStatusReader {
  /** The state of each message found (finished ones are kept 90 days). */
  statusesOf(ids: string[]): Promise<Map<string, OutboxState>>;
}

/** Counts automatic texts to unconfirmed numbers per day, society-wide. */
export interface TextBudget {
  /**
   * Spends one text of `day`'s budget. `justExhausted` is true for exactly the first text refused that day,
   * so the alarm is raised once.
   */
  spend(day: string, max: number): Promise<{ allowed: boolean; justExhausted: boolean }>;
  /**
   * Spends one of the texts a number may receive in the current hour (an unconfirmed one's, or a one-time code);
   * false when they are spent.
   */
  spendOnNumber(number: string, at: Date): Promise<boolean>;
}

/** What operators must hear about at once (a log error and a metric in AWS). */
export interface OutboxAlerts {
  budgetExhausted(day: string, max: number): void;
}
