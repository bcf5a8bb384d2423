import type { SupportCase } from '../workflow/support-request.ts';
import type { Channel } from './channel.ts';
import type { Identity } from './identity.ts';
import type { AnsweredMessage, Attachment } from './message.ts';
import type { Priority, TicketType } from './ticket.ts';
import { isBlank, oneLine, withoutDirectionControls } from './typed-text.ts';

/** Email headers and tokens that tie a message to an earlier conversation. */
export interface ThreadingHints {
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  /** A ticket reference found in the subject or text, e.g. SND-2026-000123. */
  reference?: string;
}

/** The one normalised shape every channel produces and the ingest use case consumes. */
export interface InboundContact {
  channel: Channel;
  /** The provider's id of this delivery; with the channel it is the duplicate guard's key. */
  providerMessageId: string;
  /**
   * When the client chose the delivery's id (an Idempotency-Key): a digest of what it sent, so the key coming back
   * with something else is refused rather than answered with the first one's ticket.
   */
  fingerprint?: string;
  /**
   * The ids this delivery would have had had it come a little earlier (a form's previous resubmission window):
   * one of them already written makes it that delivery.
   */
  earlierIds?: string[];
  /** Recorded by staff on the beneficiary's behalf: who. */
  loggedBy?: { userId: string; name: string };
  /** How the sender is recognised, most specific first; at least one. */
  identities: Identity[];
  displayName?: string;
  nationalId?: string;
  city?: string;
  subject?: string;
  text: string;
  html?: string;
  attachments: Attachment[];
  language?: 'ar' | 'en';
  receivedAt: string;
  threading?: ThreadingHints;
  /** Where the raw payload is kept (object key), for audit and reprocessing. */
  rawRef?: string;
  /** Passed on from elsewhere (the provider marks a forwarded message): the words may not be the sender's own. */
  forwarded?: boolean;
  /** The earlier chat message this one answers (a reply to a particular message). */
  replyTo?: AnsweredMessage;
  /** What the provider sent when it is not plain text: voice, location, contact, postback, unknown… */
  kind?: string;
  /** The provider's item as received, kept when its kind is one we do not read. */
  raw?: string;
  /** What the sender said the contact is about (web forms ask). */
  type?: TicketType;
  priority?: Priority;
  tags?: string[];
  /** The society branch the sender chose (support-request form). */
  branch?: string;
  /**
   * Sent by a machine, not the beneficiary (an out-of-office reply, an auto-responder): recorded on the ticket, but
   * it starts or resumes no response clock, reopens nothing and is never acknowledged.
   */
  automated?: boolean;
  /** An application opens its own support case: it never joins another ticket and starts at intake. */
  supportCase?: SupportCase;
}

/**
 * A contact as intake keeps it, whichever channel brought it: the sender's name and the subject without direction
 * controls, which would show them other than they are ("\u202Egnp.exe" shows as "exe.png"), the subject on one
 * line without control characters.
 */
export function normalisedInbound(inbound: InboundContact): InboundContact {
  const displayName = inbound.displayName && withoutDirectionControls(inbound.displayName);
  return {
    ...inbound,
    // A name of nothing a person reads is no name: the contact is then named by its address, as without one.
    displayName: displayName && !isBlank(displayName) ? displayName : undefined,
    ...(inbound.subject !== undefined && { subject: oneLine(inbound.subject) }),
  };
}
