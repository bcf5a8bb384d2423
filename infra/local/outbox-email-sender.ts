import { createTransport } from 'nodemailer';
import { composeEmail } from '../../functions/channels/email/compose.ts';
import type { MailIdentity } from '../../functions/channels/email/outbound-mail.ts';
import type { ObjectStore } from '../../shared/ports/object-store.ts';
import type { OutboundSender, SendResult } from '../../shared/ports/outbound.ts';
import type { LocalOutbox } from './outbox.ts';

/**
 * `npm start`'s email sender: the same MIME SES would get, written to the local outbox and, when an SMTP relay
 * is configured (`SMTP_RELAY=smtp://host:port`), also relayed, so a real mailbox can receive it.
 */
export class OutboxEmailSender implements OutboundSender {
  private readonly relay;

  constructor(
    private readonly identity: MailIdentity,
    private readonly objects: ObjectStore,
    private readonly outbox: LocalOutbox,
    relayUrl?: string,
  ) {
    this.relay = relayUrl ? createTransport(relayUrl) : undefined;
  }

  async send(message: Parameters<OutboundSender['send']>[0]): Promise<SendResult> {
    const composed = await composeEmail(message, this.identity, this.objects);
    await this.outbox.deliver({
      channel: 'email',
      to: message.to,
      summary: message.subject ?? message.text.slice(0, 80),
      payload: composed.raw.toString('utf8'),
      payloadType: 'message/rfc822',
      ...(message.ticketReference && { ticketReference: message.ticketReference }),
    });
    if (this.relay) {
      await this.relay.sendMail({
        envelope: { from: addressOf(this.identity.from), to: [message.to] },
        raw: composed.raw,
      });
    }
    return { providerMessageId: composed.messageId };
  }
}

function addressOf(mailbox: string): string {
  return mailbox.match(/<([^>]+)>/)?.[1] ?? mailbox.trim();
}
