import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { TicketChanged, TicketEventPublisher } from '../../../shared/ports/events.ts';

/** Publishes "ticket changed" to an SNS topic that live-update and notification consumers subscribe to. */
export class SnsTicketEventPublisher implements TicketEventPublisher {
  constructor(
    private readonly topicArn: string,
    private readonly sns = new SNSClient({}),
  ) {}

  async publish(change: TicketChanged): Promise<void> {
    await this.sns.send(
      new PublishCommand({
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
