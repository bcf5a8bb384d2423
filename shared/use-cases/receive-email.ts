import { acknowledgementText } from '../domain/acknowledgement.ts';
import {
  ACKNOWLEDGEMENT_INTERVAL_MS,
  autoReplyDecision,
  type MailSignals,
  type NoAutoReplyReason,
} from '../domain/auto-reply-policy.ts';
import type { InboundContact } from '../domain/inbound-contact.ts';
import type { Message } from '../domain/message.ts';
import type { AcknowledgementLedger } from '../ports/acknowledgements.ts';
import type { OutboundSender } from '../ports/outbound.ts';
import type { IngestStore, StaffStore } from '../ports/ticket-store.ts';
import { deliver } from './deliver-outbound.ts';
import { type IngestDeps, type IngestResult, ingestContact } from './ingest-contact.ts';

/** A received mail, parsed, with what the receiving service concluded about it. */
export interface ReceivedEmail {
  inbound: InboundContact;
  signals: MailSignals;
  /** The receiving service's spam scan (SES receipt verdict); infected mail never gets this far. */
  verdict: { spam: boolean };
}

export interface ReceiveEmailDeps extends IngestDeps {
  store: IngestStore & Pick<StaffStore, 'addMessage'>;
  acknowledgements: AcknowledgementLedger;
  /** The email sender; without one nothing is acknowledged. */
  sender?: OutboundSender;
}

export type AcknowledgementOutcome =
  | 'sent'
  | 'failed'
  | 'throttled'
  | 'not_new_ticket'
  | 'spam'
  | 'no_sender'
  | NoAutoReplyReason;

export type EmailReceipt = IngestResult & { acknowledgement: AcknowledgementOutcome };

export const SPAM_TAG = 'spam';
export const SYSTEM_AUTHOR = { id: 'system', name: 'سند' } as const;

/**
 * A received mail becomes a ticket (or joins its thread) through the one intake; spam is tagged and never
 * answered; a new ticket is acknowledged unless RFC 3834 says the mail must not be answered automatically, or the sender was answered in the last 24 h.
 */
export async function receiveEmail(deps: ReceiveEmailDeps, mail: ReceivedEmail): Promise<EmailReceipt> {
  const inbound = mail.verdict.spam
    ? { ...mail.inbound, tags: [...new Set([...(mail.inbound.tags ?? []), SPAM_TAG])] }
    : mail.inbound;
  const result = await ingestContact(deps, inbound);
  return { ...result, acknowledgement: await acknowledge(deps, mail, result) };
}

async function acknowledge(
  deps: ReceiveEmailDeps,
  mail: ReceivedEmail,
  result: IngestResult,
): Promise<AcknowledgementOutcome> {
  if (result.outcome !== 'created' || !result.reference) return 'not_new_ticket';
  if (mail.verdict.spam) return 'spam';
  const decision = autoReplyDecision(mail.signals);
  if (!decision.allowed) return decision.reason;
  if (!deps.sender) return 'no_sender';
  const now = deps.clock.now();
  if (!(await deps.acknowledgements.claim(mail.signals.from, now, ACKNOWLEDGEMENT_INTERVAL_MS))) {
    return 'throttled';
  }
  const ticket = await deps.store.getTicket(result.ticketId);
  if (!ticket) return 'not_new_ticket';
  const { subject, text } = acknowledgementText(result.reference);
  const threadIds = [mail.inbound.threading?.messageId].filter((id): id is string => Boolean(id));
  const message: Message = {
    id: deps.ids.next(now),
    ticketId: ticket.id,
    direction: 'outbound',
    channel: 'email',
    authorId: SYSTEM_AUTHOR.id,
    authorName: SYSTEM_AUTHOR.name,
    text,
    subject,
    attachments: [],
    createdAt: now.toISOString(),
    deliveryStatus: 'pending',
  };
  const delivered = await deliver(deps.sender, message, {
    channel: 'email',
    to: mail.signals.from,
    subject,
    text,
    attachments: [],
    ticketReference: result.reference,
    inReplyTo: threadIds[0],
    references: threadIds,
    automatic: true,
  });
  // Kept on the ticket like any outbound mail, so a reply to the acknowledgement threads by its Message-ID.
  await deps.store.addMessage(ticket, delivered, []);
  return delivered.deliveryStatus === 'sent' ? 'sent' : 'failed';
}
