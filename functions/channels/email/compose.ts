import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
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

export interface ComposedEmail {
  /** The full RFC 5322 message. */
  raw: Buffer;
  /** The Message-ID we gave it, with angle brackets. */
  messageId: string;
}

/**
 * An outbound email as full MIME: a proper reply (In-Reply-To, References, the reference token in the subject,
 * Reply-To back to us), Arabic-safe (UTF-8, encoded words in headers), attachments read from the object store,
 * and automatic mail marked `Auto-Submitted: auto-replied` so other auto-responders leave it alone.
 */
export async function composeEmail(
  message: OutboundMessage,
  identity: MailIdentity,
  objects: ObjectStore,
): Promise<ComposedEmail> {
  const domain = identity.from.match(/@([^>\s]+)/)?.[1] ?? 'sanad.local';
  const messageId = `<${randomUUID()}@${domain}>`;
  const attachments = await Promise.all(
    message.attachments.map(async (attachment) => {
      const stored = await objects.get(attachment.objectKey);
      if (!stored) throw new Error(`Attachment ${attachment.name} is no longer stored`);
      return {
        filename: attachment.name,
        content: Buffer.from(stored.body),
        contentType: attachment.contentType,
      };
    }),
  );
  const headers: Record<string, string> = message.automatic
    ? { [AUTO_SUBMITTED_HEADER.name]: AUTO_SUBMITTED_HEADER.value, 'X-Auto-Response-Suppress': 'All' }
    : {};
  // Received mail is known by its Message-ID plus a sender digest, or by a hash when it had none: only the
  // Message-ID may reach a header.
  const threadIds = [
    ...new Set((message.references ?? []).map(messageIdOfDelivery).filter((id): id is string => Boolean(id))),
  ];
  const composer = new MailComposer({
    // Nodemailer writes a non-ASCII display name as an encoded word.
    from: message.senderName
      ? { name: message.senderName, address: addressOf(identity.from) }
      : identity.from,
    to: message.to,
    replyTo: identity.replyTo,
    subject: subjectWithToken(message.subject ?? '', message.ticketReference),
    text: message.text,
    html: message.html,
    messageId,
    inReplyTo: message.inReplyTo ? messageIdOfDelivery(message.inReplyTo) : undefined,
    references: threadIds.length > 0 ? threadIds : undefined,
    headers,
    attachments,
    textEncoding: 'base64',
  });
  const raw = await composer.compile().build();
  return { raw, messageId };
}

function addressOf(mailbox: string): string {
  return mailbox.match(/<([^>]+)>/)?.[1] ?? mailbox.trim();
}

/** Every mail we send names its ticket, so an answer threads even when the client drops the headers. */
export function subjectWithToken(subject: string, reference: string): string {
  const token = `[#${reference}]`;
  if (subject.includes(token)) return subject;
  return subject.trim() ? `${subject.trim()} ${token}` : token;
}
