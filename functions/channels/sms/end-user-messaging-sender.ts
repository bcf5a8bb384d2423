import type { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { RefusedByProviderError, type SendResult } from '../../../shared/ports/outbound.ts';
import type { OutgoingSms, SmsProvider } from '../../../shared/ports/sms.ts';
import { type SdkOnFirstUse, sdkOnFirstUse } from '../../adapters/aws/sdk-on-first-use.ts';

export interface EndUserMessagingOptions {
  /** Sender id, phone number or pool (id or ARN) the text leaves from; without it the account's default. */
  originationIdentity?: string;
  /** Sends delivery events to the set's destinations. */
  configurationSetName?: string;
}

/**
 * SMS through AWS End User Messaging's SendTextMessage, as transactional texts. The correlation id goes in the
 * message's Context, which End User Messaging copies into its delivery events. A request it refuses (a 4xx other
 * than throttling: an opted-out number, a bad identity) is not retried; throttling and its own faults are.
 * https://docs.aws.amazon.com/end-user-messaging/latest/userguide/nx-sms-send.html
 */
export class EndUserMessagingSmsProvider implements SmsProvider {
  private readonly messaging: SdkOnFirstUse<
    typeof import('@aws-sdk/client-pinpoint-sms-voice-v2'),
    PinpointSMSVoiceV2Client
  >;

  constructor(
    private readonly options: EndUserMessagingOptions,
    client?: PinpointSMSVoiceV2Client,
  ) {
    this.messaging = sdkOnFirstUse(
      '@aws-sdk/client-pinpoint-sms-voice-v2',
      (sdk) => new sdk.PinpointSMSVoiceV2Client({}),
      client,
    );
  }

  async send(sms: OutgoingSms): Promise<SendResult> {
    const { sdk, client } = this.messaging();
    const command = new sdk.SendTextMessageCommand({
      DestinationPhoneNumber: sms.to,
      MessageBody: sms.text,
      MessageType: 'TRANSACTIONAL',
      OriginationIdentity: this.options.originationIdentity,
      ConfigurationSetName: this.options.configurationSetName,
      ...(sms.correlationId && { Context: { correlationId: sms.correlationId } }),
    });
    let result: { MessageId?: string };
    try {
      result = await client.send(command);
    } catch (error) {
      const { name, message, $metadata } = error as Error & { $metadata?: { httpStatusCode?: number } };
      const status = $metadata?.httpStatusCode ?? 0;
      if (status >= 400 && status < 500 && status !== 429 && name !== 'ThrottlingException') {
        throw new RefusedByProviderError(`End User Messaging refused the SMS: ${name}: ${message}`);
      }
      throw error;
    }
    if (!result.MessageId) throw new Error('End User Messaging accepted the SMS without a message id');
    return { providerMessageId: result.MessageId };
  }
}
