import type { SNSClient } from '@aws-sdk/client-sns';
import type { SendResult } from '../../../shared/ports/outbound.ts';
import type { OutgoingSms, SmsProvider } from '../../../shared/ports/sms.ts';
import { type SdkOnFirstUse, sdkOnFirstUse } from '../../adapters/aws/sdk-on-first-use.ts';

/**
 * SMS through SNS Publish to a phone number, as transactional messages from the society's sender id.
 * A number on End User Messaging's own opt-out list (an English STOP it handled) is refused before publishing:
 * SNS would accept the publish and drop the text, and the message would show "sent".
 */
export class SnsSmsProvider implements SmsProvider {
  private readonly sns: SdkOnFirstUse<typeof import('@aws-sdk/client-sns'), SNSClient>;

  constructor(
    private readonly senderId: string | undefined,
    client?: SNSClient,
  ) {
    this.sns = sdkOnFirstUse('@aws-sdk/client-sns', (sdk) => new sdk.SNSClient({}), client);
  }

  async send(sms: OutgoingSms): Promise<SendResult> {
    const { sdk, client } = this.sns();
    const optedOut = await client.send(new sdk.CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: sms.to }));
    if (optedOut?.isOptedOut) {
      throw new Error('The number opted out of SMS with AWS End User Messaging (STOP); nothing was sent');
    }
    // SNS Publish to a phone number takes no caller reference: the correlation id stays in our logs only.
    const result = await client.send(
      new sdk.PublishCommand({
        PhoneNumber: sms.to,
        Message: sms.text,
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
