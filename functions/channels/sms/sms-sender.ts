import { MAX_SMS_SEGMENTS, smsSegments } from '../../../shared/domain/sms-segments.ts';
import type { FileLinks } from '../../../shared/ports/file-links.ts';
import type { OutboundMessage, OutboundSender, SendResult } from '../../../shared/ports/outbound.ts';
import type { SmsProvider } from '../../../shared/ports/sms.ts';
import { smsTextWithLinks } from './file-links.ts';

/** Refuses a reply that would cost more SMS parts than the society allows for one answer. */
export function checkSmsLength(text: string): void {
  const { segments } = smsSegments(text);
  if (segments > MAX_SMS_SEGMENTS) {
    throw new Error(
      `The SMS would take ${segments} parts; at most ${MAX_SMS_SEGMENTS} are sent. Shorten it.`,
    );
  }
}

/**
 * Replies by SMS through whichever provider the society uses: files become signed links after the text, and a
 * text longer than the society allows is refused before any provider is called.
 */
export class SmsSender implements OutboundSender {
  constructor(
    private readonly provider: SmsProvider,
    private readonly links?: FileLinks,
  ) {}

  async send(message: OutboundMessage): Promise<SendResult> {
    const text = await smsTextWithLinks(message, this.links);
    checkSmsLength(text);
    return this.provider.send({ to: message.to, text, correlationId: message.correlationId });
  }
}
