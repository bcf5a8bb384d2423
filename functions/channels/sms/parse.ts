import * as z from 'zod/mini';
import { senderAssurance } from '../../../shared/domain/channel.ts';
import type { InboundContact } from '../../../shared/domain/inbound-contact.ts';
import { normalisePhone } from '../../../shared/domain/phone.ts';
import { parseReceivedJson } from '../../../shared/domain/typed-text.ts';
import { UnreadablePayloadError } from '../delivery-contents.ts';

/**
 * The message AWS End User Messaging (Pinpoint) publishes to the two-way SMS topic for each SMS received.
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms.html
 */
export const inboundSmsSchema = z.object({
  originationNumber: z.string().check(z.minLength(3), z.maxLength(20)),
  destinationNumber: z.string().check(z.minLength(3), z.maxLength(20)),
  messageKeyword: z.optional(z.string().check(z.maxLength(64))),
  messageBody: z.string().check(z.maxLength(10_000)),
  inboundMessageId: z.string().check(z.minLength(1), z.maxLength(128)),
  previousPublishedMessageId: z.optional(z.string().check(z.maxLength(128))),
});

export type InboundSms = z.infer<typeof inboundSmsSchema>;

/** One received SMS → the normalised inbound contact; a sender number that is not a phone is refused. */
export function smsToInbound(raw: string, receivedAt: Date): InboundContact {
  let json: unknown;
  try {
    json = parseReceivedJson(raw);
  } catch {
    throw new UnreadablePayloadError('The SNS message is not JSON');
  }
  const parsed = inboundSmsSchema.safeParse(json);
  if (!parsed.success) throw new UnreadablePayloadError('The SNS message is not a two-way SMS record');
  const phone = normalisePhone(parsed.data.originationNumber);
  if (!phone) throw new UnreadablePayloadError('The sender is not a valid phone number');
  const text = parsed.data.messageBody.trim();
  return {
    channel: 'sms',
    providerMessageId: parsed.data.inboundMessageId,
    identities: [{ kind: 'phone', value: phone, assurance: senderAssurance('sms') }],
    text: text === '' ? '(رسالة فارغة)' : text,
    attachments: [],
    language: /[\u0600-\u06FF]/.test(text) ? 'ar' : 'en',
    receivedAt: receivedAt.toISOString(),
  };
}
