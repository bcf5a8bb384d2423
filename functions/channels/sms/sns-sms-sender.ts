import { CheckIfPhoneNumberIsOptedOutCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { MAX_SMS_SEGMENTS, smsSegments } from '../../../shared/domain/sms-segments.ts';
import type { FileLinks } from '../../../shared/ports/file-links.ts';
import type { OutboundMessage, OutboundSender, SendResult } from '../../../shared/ports/outbound.ts';
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
 * Replies by SMS through SNS Publish to a phone number, as transactional messages from the society's sender id.
 * A number on End User Messaging's own opt-out list (an English STOP it handled) is refused before publishing:
 * SNS would accept the publish and drop the text, and the message would show "sent".
 */
export class SnsSmsSender implements OutboundSender {
  constructor(
    private readonly senderId: string | undefined,
    private readonly sns = new SNSClient({}),
    private readonly links?: FileLinks,
  ) {}

  async send(message: OutboundMessage): Promise<SendResult> {
    const text = await smsTextWithLinks(message, this.links);
    checkSmsLength(text);
    const optedOut = await this.sns.send(
      new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: message.to }),
    );
    if (optedOut?.isOptedOut) {
      throw new Error('The number opted out of SMS with AWS End User Messaging (STOP); nothing was sent');
    }
    const result = await this.sns.send(
      new PublishCommand({
        PhoneNumber: message.to,
        Message: text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          ...(this.senderId && {
            'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.senderId },
          }),
        },
      }),
    );
    if (!result.MessageId) throw new Error('SNS accepted the SMS without a message id');
    return { providerMessageId: result.MessageId };
  }
}
