import type { SNSClient } from '@aws-sdk/client-sns';
import type { TicketChanged } from '../../../shared/domain/ticket-change.ts';
import type { TicketEventPublisher } from '../../../shared/ports/events.ts';
import { type SdkOnFirstUse, sdkOnFirstUse } from './sdk-on-first-use.ts';

/** Publishes "ticket changed" to an SNS topic that live-update and notification consumers subscribe to. */
export class SnsTicketEventPublisher implements TicketEventPublisher {
  private readonly sns: SdkOnFirstUse<typeof import('@aws-sdk/client-sns'), SNSClient>;

  constructor(
    private readonly topicArn: string,
    client?: SNSClient,
  ) {
    this.sns = sdkOnFirstUse('@aws-sdk/client-sns', (sdk) => new sdk.SNSClient({}), client);
  }

  async publish(change: TicketChanged): Promise<void> {
    const { sdk, client } = this.sns();
    await client.send(
      new sdk.PublishCommand({
        TopicArn: this.topicArn,
        Message: JSON.stringify(change),
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: change.kind },
          queueId: { DataType: 'String', StringValue: change.queueId },
        },
      }),
    );
  }
}
