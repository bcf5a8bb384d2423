import type { TicketSla } from '../sla/clocks.ts';
import type { SupportCase } from '../workflow/support-request.ts';
import type { Channel } from './channel.ts';
import type { AnswerChoice } from './knowledge-base.ts';

import { ACTIVE_STATUSES, type Priority, type TicketStatus, type TicketType } from './ticket-terms.ts';
import { oneLine } from './typed-text.ts';

export {
  ACTIVE_STATUSES,
  PRIORITIES,
  type Priority,
  TICKET_STATUSES,
  TICKET_TYPES,
  type TicketStatus,
  type TicketType,
} from './ticket-terms.ts';

export interface Ticket {
  id: string;
  /** Human reference quoted to beneficiaries, e.g. SND-2026-000123. */
  reference: string;
  type: TicketType;
  status: TicketStatus;
  priority: Priority;
  queueId: string;
  assigneeId?: string;
  contactId: string;
  contactName: string;
  channel: Channel;
  subject: string;
  /** First line of the latest message, for the inbox list. */
  preview: string;
  tags: string[];
  messageCount: number;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  lastInboundAt?: string;
  /** The last inbound messages counted on this ticket, so a delivery replayed after a crash is counted once. */
  recentInboundIds?: string[];
  firstResponseAt?: string;
  lastResponseAt?: string;
  /** The staff member who sent the last response: the one credited with it, whoever the ticket is assigned to. */
  lastResponseBy?: string;
  resolvedAt?: string;
  /** The staff member who resolved it, credited with it; absent when the beneficiary or the system did. */
  resolvedBy?: string;
  /** How often a resolved or closed ticket was opened again. */
  reopenCount?: number;
  /** Response windows of the SLA policy that applies; absent when none does. */
  sla?: TicketSla;
  /** The support-request procedure's state, on `support_request` tickets. */
  supportCase?: SupportCase;
  /** The society branch the beneficiary is served from (from the support-request form or staff). */
  branch?: string;
  /**
   * The knowledge-base answer sent automatically to the first message, and the beneficiary's choice after it
   * (`answered` resolves the ticket, `wants_person` leaves it in the queue for a person).
   */
  automaticAnswer?: {
    answerId: string;
    confidence: number;
    sentAt: string;
    /** Set when the answer went out in English, so the reply to the choice does too. */
    language?: 'en';
    choice?: AnswerChoice;
    choiceAt?: string;
  };
  /** The beneficiary's answer to the satisfaction survey sent on resolution. */
  satisfaction?: { score: number; answeredAt: string; comment?: string };
  /** When the case reached the research committee and when it decided (read by reports). */
  committeeDecision?: { referredAt: string; decidedAt?: string };
}

export function isActive(status: TicketStatus): boolean {
  return (ACTIVE_STATUSES as readonly TicketStatus[]).includes(status);
}

/** Days after its resolution in which the beneficiary writing again on its conversation reopens a ticket. */
export const REOPEN_WINDOW_DAYS = 7;

/**
 * Whether a beneficiary's next message on the conversation joins the ticket: while it is active, and for a week
 * after it was resolved (a "it did not work" reopens it, as help desks do); once closed or later, it opens a new one.
 */
export function takesFollowUps(
  ticket: Pick<Ticket, 'status' | 'resolvedAt' | 'updatedAt'>,
  now: Date,
): boolean {
  if (isActive(ticket.status)) return true;
  if (ticket.status !== 'resolved') return false;
  // A ticket resolved before its time was kept counts from its last change.
  const resolvedAt = ticket.resolvedAt ?? ticket.updatedAt;
  return now.getTime() - Date.parse(resolvedAt) < REOPEN_WINDOW_DAYS * 86_400_000;
}

const PREVIEW_LENGTH = 140;

/** A message's text as one line of a list, as a subject given by the channel is kept. */
export function previewOf(text: string): string {
  const line = oneLine(text);
  return line.length > PREVIEW_LENGTH ? `${line.slice(0, PREVIEW_LENGTH - 1)}…` : line;
}

/** The subject a ticket takes from its first message when the channel gives none (chats, SMS). */
export function subjectFromText(text: string): string {
  return previewOf(text).slice(0, 80);
}
