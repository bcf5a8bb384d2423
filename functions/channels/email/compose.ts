import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { ObjectStore } from '../../../shared/ports/object-store.ts';
import type { OutboundMessage } from '../../../shared/ports/outbound.ts';
import { type MailIdentity, outboundMail } from './outbound-mail.ts';

export interface ComposedEmail {
  /** The full RFC 5322 message. */
  raw: Buffer;
  /** The Message-ID we gave it, with angle brackets. */
  messageId: string;
}

/**
 * An outbound email as full MIME, Arabic-safe (UTF-8, encoded words in headers), for the local outbox and relay.
 * SES builds the MIME itself in AWS (see `ses-sender.ts`), so nodemailer stays out of the deployed bundles.
 */
export async function composeEmail(
  message: OutboundMessage,
  identity: MailIdentity,
  objects: ObjectStore,
): Promise<ComposedEmail> {
  const mail = await outboundMail(message, identity, objects);
  const messageId = `<${randomUUID()}@${mail.from.address.split('@')[1] ?? 'sanad.local'}>`;
  const composer = new MailComposer({
    // Nodemailer writes a non-ASCII display name as an encoded word.
    from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
    to: mail.to,
    replyTo: mail.replyTo,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId,
    headers: mail.headers,
    attachments: mail.attachments.map((attachment) => ({
      ...attachment,
      content: Buffer.from(attachment.content),
    })),
    textEncoding: 'base64',
  });
  const raw = await composer.compile().build();
  return { raw, messageId };
}
