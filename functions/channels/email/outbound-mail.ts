import { AUTO_SUBMITTED_HEADER } from '../../../shared/domain/auto-reply-policy.ts';
import { messageIdOfDelivery } from '../../../shared/domain/email-delivery-id.ts';
import type { ObjectStore } from '../../../shared/ports/object-store.ts';
import type { OutboundMessage } from '../../../shared/ports/outbound.ts';

/** Who our mail is from and where answers go (the address the SES receipt rule or the local SMTP port takes). */
export interface MailIdentity {
  /** e.g. `support@society.org.sa`; a display name here is used only when the message names no sender. */
  from: string;
  replyTo: string;
}

/** An outbound mail before MIME: SES builds the MIME itself in AWS, nodemailer writes it for the local outbox. */
export interface OutboundMail {
  from: { name?: string; address: string };
  to: string;
  replyTo: string;
  subject: string;
  text: string;
  html?: string;
  /** In-Reply-To, References, and for automatic mail the RFC 3834 marks. */
  headers: Record<string, string>;
  attachments: { filename: string; content: Uint8Array; contentType: string }[];
}

/**
 * A proper reply (In-Reply-To, References, the reference token in the subject, Reply-To back to us), attachments
 * read from the object store, and automatic mail marked `Auto-Submitted: auto-replied` so other auto-responders
 * leave it alone.
 */
export async function outboundMail(
  message: OutboundMessage,
  identity: MailIdentity,
  objects: ObjectStore,
): Promise<OutboundMail> {
  const attachments = await Promise.all(
    message.attachments.map(async (attachment) => {
      const stored = await objects.get(attachment.objectKey);
      if (!stored) throw new Error(`Attachment ${attachment.name} is no longer stored`);
      return { filename: attachment.name, content: stored.body, contentType: attachment.contentType };
    }),
  );
  const headers: Record<string, string> = message.automatic
    ? { [AUTO_SUBMITTED_HEADER.name]: AUTO_SUBMITTED_HEADER.value, 'X-Auto-Response-Suppress': 'All' }
    : {};
  // Received mail is known by its Message-ID plus a sender digest, or by a hash when it had none: only the
  // Message-ID may reach a header.
  const inReplyTo = message.inReplyTo ? messageIdOfDelivery(message.inReplyTo) : undefined;
  if (inReplyTo) headers['In-Reply-To'] = inReplyTo;
  const threadIds = [
    ...new Set((message.references ?? []).map(messageIdOfDelivery).filter((id): id is string => Boolean(id))),
  ];
  if (threadIds.length > 0) headers.References = threadIds.join(' ');
  const configured = mailboxOf(identity.from);
  // Our mail coming back (a forward rule, a redirect) is known by it and never answered or taken for a person's.
  headers['X-Loop'] = configured.address;
  return {
    from: { name: message.senderName ?? configured.name, address: configured.address },
    to: message.to,
    replyTo: identity.replyTo,
    subject: subjectWithToken(message.subject ?? '', message.ticketReference),
    text: message.text,
    html: message.html,
    headers,
    attachments,
  };
}

/** `جمعية سند <support@sanad.org.sa>` or a bare address. */
function mailboxOf(mailbox: string): { name?: string; address: string } {
  const match = mailbox.match(/^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/);
  if (!match) return { address: mailbox.trim() };
  return { name: match[1] || undefined, address: match[2] as string };
}

/** Every mail we send names its ticket, so an answer threads even when the client drops the headers. */
export function subjectWithToken(subject: string, reference: string): string {
  const token = `[#${reference}]`;
  if (subject.includes(token)) return subject;
  return subject.trim() ? `${subject.trim()} ${token}` : token;
}
