import { acknowledgementText } from '../domain/acknowledgement.ts';
import {
  ACKNOWLEDGEMENT_INTERVAL_MS,
  autoReplyDecision,
  isAutomatedMail,
  type MailSignals,
  type NoAutoReplyReason,
} from '../domain/auto-reply-policy.ts';
import type { BounceReport, ReportAction } from '../domain/delivery-report.ts';
import { emailAuthenticity, type MailAuthentication } from '../domain/email-authenticity.ts';
import { unverifiedDeliveryId } from '../domain/email-delivery-id.ts';
import { type InboundContact, normalisedInbound } from '../domain/inbound-contact.ts';
import { fileNotReceivedText } from '../domain/media.ts';
import type { Message } from '../domain/message.ts';
import { sha256Hex } from '../domain/sha256.ts';
import { AUTOMATED_TAG, SPAM_TAG } from '../domain/system-tags.ts';
import type { AcknowledgementLedger } from '../ports/acknowledgements.ts';
import type { DeliveryStatusUpdater } from '../ports/delivery-status.ts';
import type { OutboundSenders } from '../ports/outbound.ts';
import type { AutomaticMessage, OutboxStore } from '../ports/outbox.ts';
import type { QuarantineStore } from '../ports/quarantine.ts';
import type { SocietyProfileStore } from '../ports/society-profile.ts';
import type { IngestStore, StaffStore, TicketEventRecord } from '../ports/ticket-store.ts';
import { deliver } from './deliver-outbound.ts';
import { ingestContact } from './ingest-contact.ts';
import type { IngestDeps, IngestResult } from './ingest-deps.ts';
import { OUTBOX_LEASE_MS } from './send-recorded-reply.ts';
import { viewSocietyProfile } from './society-profile.ts';
import { ticketEvent } from './ticket-events.ts';

/** A received mail, parsed, with what the receiving service concluded about it. */
export interface ReceivedEmail {
  inbound: InboundContact;
  signals: MailSignals;
  /** The receiving service's spam scan (SES receipt verdict); infected mail never gets this far. */
  verdict: { spam: boolean };
  /** SPF/DKIM/DMARC as the receiving service found them; nothing checked (locally) vouches for nothing. */
  authentication: MailAuthentication;
  /** Present when a mail system wrote the mail about mail we sent (a bounce, a delay notice). */
  bounce?: BounceReport;
}

export interface ReceiveEmailDeps extends IngestDeps {
  store: IngestStore & Pick<StaffStore, 'addMessage' | 'getTicketWithThread'> & DeliveryStatusUpdater;
  /**
   * Where the acknowledgement and the note to a sender whose file was too large are recorded: the acknowledgement is
   * sent by the attempt that holds its entry, and by the outbox drain if that attempt died.
   */
  outbox: Pick<OutboxStore, 'record' | 'claimAttempt' | 'markSending' | 'finish'>;
  /** The largest attachment kept. */
  mediaMaxBytes: number;
  acknowledgements: AcknowledgementLedger;
  quarantine: QuarantineStore;
  /** Without an email sender nothing is acknowledged. */
  senders: Pick<OutboundSenders, 'email'>;
  /** The society's name the acknowledgement signs with. */
  societyProfile: SocietyProfileStore;
}

export type AcknowledgementOutcome =
  | 'sent'
  | 'failed'
  /** Another copy of the same mail (delivered at once, or before a crash) holds or has sent it. */
  | 'already_acknowledged'
  | 'throttled'
  | 'not_new_ticket'
  | 'spam'
  | 'no_sender'
  | NoAutoReplyReason;

export type EmailReceipt =
  | (IngestResult & { acknowledgement: AcknowledgementOutcome })
  /** DMARC failed: held for supervisors, no ticket, no answer. */
  | { outcome: 'quarantined'; quarantineId: string }
  /** A bounce of mail we sent: the original marked failed when we know it; no ticket, no answer. */
  | { outcome: 'bounce'; matched: boolean; ticketId?: string }
  /** A mail system's notice that our mail has not failed (delayed, relayed, delivered): logged, no ticket. */
  | { outcome: 'delivery_notice'; action: Exclude<ReportAction, 'failed'> };

export const SYSTEM_AUTHOR = { id: 'system', name: 'سند' } as const;

const QUARANTINE_PREVIEW_CHARS = 500;

/**
 * A received mail through the one intake. In order: mail its From: domain disowns (DMARC fail) is quarantined;
 * a bounce marks our original failed and a delay notice is only logged; anything else becomes a ticket message —
 * verified when SES's verdicts prove the sender, otherwise claimed and flagged; machine-written mail is recorded
 * without clocks. A new ticket is acknowledged unless RFC 3834 says the mail must not be answered, or the address
 * was answered in the last 24 h.
 */
export async function receiveEmail(deps: ReceiveEmailDeps, mail: ReceivedEmail): Promise<EmailReceipt> {
  const authenticity = emailAuthenticity(mail.authentication, mail.signals.from);
  if (authenticity.kind === 'quarantine') return quarantine(deps, mail);
  const report = mail.bounce && (await recordBounce(deps, mail.bounce));
  if (report) return report;

  const verified = authenticity.kind === 'verified';
  const automated = isAutomatedMail(mail.signals);
  const tags = [
    ...(mail.inbound.tags ?? []),
    ...(mail.verdict.spam ? [SPAM_TAG] : []),
    ...(automated ? [AUTOMATED_TAG] : []),
  ];
  const threading = mail.inbound.threading;
  const inbound: InboundContact = {
    ...mail.inbound,
    identities: mail.inbound.identities.map((identity) => ({
      ...identity,
      assurance: verified ? 'verified' : 'claimed',
    })),
    ...(tags.length > 0 && { tags: [...new Set(tags)] }),
    ...(automated && { automated: true }),
    // Headers and a subject token are the sender's words: only a proven sender may use them to join a thread, and
    // only a proven sender's Message-ID may later lead replies to this ticket.
    ...(!verified && {
      providerMessageId: unverifiedDeliveryId(mail.inbound.providerMessageId),
      threading: threading && { messageId: threading.messageId },
    }),
  };
  const result = await ingestContact(deps, inbound);
  await noteFilesNotReceived(deps, mail, result);
  return { ...result, acknowledgement: await acknowledge(deps, mail, result) };
}

/**
 * A file too large to keep (the only one intake leaves unstored; the raw mail still holds it) is named to the
 * sender, so they can send it smaller; never to mail that must not be answered, nor to spam.
 */
async function noteFilesNotReceived(deps: ReceiveEmailDeps, mail: ReceivedEmail, result: IngestResult) {
  const refused = mail.inbound.attachments.filter((attachment) => attachment.state === 'failed');
  if (refused.length === 0 || mail.verdict.spam || !autoReplyDecision(mail.signals).allowed) return;
  await deps.outbox.record({
    id: `${result.ticketId}#file-not-received#${result.messageId}`,
    ticketId: result.ticketId,
    kind: 'file_not_received',
    address: { channel: 'email', to: mail.signals.replyTo || mail.signals.from },
    text: fileNotReceivedText(
      refused.map((attachment) => attachment.name),
      deps.mediaMaxBytes,
    ),
    subject: `تعذّر استلام مرفق / An attachment was not received [#${result.reference}]`,
    createdAt: deps.clock.now().toISOString(),
    ...answering(mail),
  });
}

/** What threads our automatic mail on the beneficiary's in their mail program, whoever sends it. */
function answering(mail: ReceivedEmail): { inReplyTo?: string; references?: string[] } {
  const messageId = mail.inbound.threading?.messageId;
  return messageId ? { inReplyTo: messageId, references: [messageId] } : {};
}

async function quarantine(deps: ReceiveEmailDeps, mail: ReceivedEmail): Promise<EmailReceipt> {
  const id = (await sha256Hex(mail.inbound.providerMessageId)).slice(0, 32);
  // Supervisors read its sender and subject as intake would keep them.
  const { displayName, subject } = normalisedInbound(mail.inbound);
  await deps.quarantine.putQuarantined({
    id,
    receivedAt: mail.inbound.receivedAt,
    from: mail.signals.from,
    ...(displayName && { displayName }),
    ...(subject && { subject }),
    preview: mail.inbound.text.slice(0, QUARANTINE_PREVIEW_CHARS),
    ...(mail.inbound.rawRef && { rawRef: mail.inbound.rawRef }),
    reason: 'dmarc_fail',
    authentication: mail.authentication,
  });
  return { outcome: 'quarantined', quarantineId: id };
}

/**
 * A report of mail we sent. Failed marks the original so when we know it; delayed, relayed, expanded or delivered
 * changes nothing (the mail system is still at work, or the mail arrived) and is only logged. Undefined when the
 * mail may be a person's after all (only its sender is a mail system) and names no mail of ours.
 */
async function recordBounce(deps: ReceiveEmailDeps, bounce: BounceReport): Promise<EmailReceipt | undefined> {
  if (bounce.action === 'displayed') {
    // Our reply was opened: shown as read on it, as WhatsApp's receipts are.
    for (const messageId of bounce.originalMessageIds)
      if (await deps.store.updateDeliveryStatus('email', messageId, 'read')) break;
    return { outcome: 'delivery_notice', action: 'displayed' };
  }
  if (bounce.action !== 'failed') return { outcome: 'delivery_notice', action: bounce.action };
  for (const messageId of bounce.originalMessageIds) {
    const found = await deps.store.updateDeliveryStatus('email', messageId, 'failed', bounce.reason);
    if (found) return { outcome: 'bounce', matched: true, ticketId: found.ticketId };
  }
  // A bounce of mail we did not send (or no longer know) is only counted.
  return bounce.certain ? { outcome: 'bounce', matched: false } : undefined;
}

/**
 * A redelivered mail that opened its ticket, when the first delivery died before acknowledging it: the ticket, if
 * this mail is its first message and nothing was sent on it yet.
 */
async function unacknowledgedOpening(deps: ReceiveEmailDeps, result: IngestResult) {
  const thread = await deps.store.getTicketWithThread(result.ticketId);
  if (!thread) return undefined;
  const { ticket, messages } = thread;
  if (messages[0]?.id !== result.messageId) return undefined;
  return messages.some((message) => message.direction === 'outbound') ? undefined : ticket;
}

async function acknowledge(
  deps: ReceiveEmailDeps,
  mail: ReceivedEmail,
  result: IngestResult,
): Promise<AcknowledgementOutcome> {
  if (result.outcome === 'appended' || !result.reference) return 'not_new_ticket';
  if (mail.verdict.spam) return 'spam';
  const decision = autoReplyDecision(mail.signals);
  if (!decision.allowed) return decision.reason;
  const sender = deps.senders.email;
  if (!sender) return 'no_sender';
  const ticket =
    result.outcome === 'created'
      ? await deps.store.getTicket(result.ticketId)
      : await unacknowledgedOpening(deps, result);
  if (!ticket) return 'not_new_ticket';
  // The sender asked for answers at Reply-To; the one-a-day limit counts the address we write to.
  const to = mail.signals.replyTo || mail.signals.from;
  const now = deps.clock.now();
  if (!(await deps.acknowledgements.claim(to, now, ACKNOWLEDGEMENT_INTERVAL_MS, ticket.id))) {
    return 'throttled';
  }
  const { subject, text } = acknowledgementText(result.reference, await viewSocietyProfile(deps));
  // One outbox entry per opening mail, like every automatic message: copies of the mail delivered at once (two SMTP
  // connections, SES invoking the function twice) record it once and only the attempt holding its lease sends it;
  // an attempt that dies after taking it leaves it to the drain (at most one more copy, said on the ticket).
  const id = `${ticket.id}#ack`;
  await deps.outbox.record({
    id,
    ticketId: ticket.id,
    kind: 'acknowledgement',
    address: { channel: 'email', to },
    text,
    subject,
    createdAt: now.toISOString(),
    ...answering(mail),
  });
  const attempt = await deps.outbox.claimAttempt(id, now, new Date(now.getTime() + OUTBOX_LEASE_MS));
  if (!attempt || attempt.message.kind === 'reply') {
    return 'already_acknowledged';
  }
  const intent: AutomaticMessage = attempt.message;
  const at = now.toISOString();
  const message: Message = {
    id: deps.ids.next(now),
    ticketId: ticket.id,
    direction: 'outbound',
    channel: 'email',
    authorId: SYSTEM_AUTHOR.id,
    authorName: SYSTEM_AUTHOR.name,
    text: intent.text,
    subject: intent.subject,
    attachments: [],
    createdAt: at,
    deliveryStatus: 'pending',
  };
  await deps.outbox.markSending(id, at);
  const delivered = await deliver(sender, message, {
    channel: 'email',
    to: intent.address?.to ?? to,
    subject: intent.subject,
    text: intent.text,
    attachments: [],
    ticketReference: result.reference,
    inReplyTo: intent.inReplyTo,
    references: intent.references,
    automatic: true,
  });
  const events: TicketEventRecord[] = attempt.maybeSentBefore
    ? [
        ticketEvent(deps.ids, ticket.id, 'automatic_message_resent', at, {
          kind: intent.kind,
          channel: 'email',
          attempt: attempt.attempt,
        }),
      ]
    : [];
  // Kept on the ticket like any outbound mail, so a reply to the acknowledgement threads by its Message-ID.
  await deps.store.addMessage(ticket, delivered, events);
  const sent = delivered.deliveryStatus === 'sent';
  await deps.outbox.finish(id, sent ? 'sent' : 'failed', at, delivered.failureReason, delivered.id);
  return sent ? 'sent' : 'failed';
}
