import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';

/** The event Lambda gets for one message published on an SNS topic of the deployed stack. */
export function anSnsEvent(message: string, topic: string): SNSEvent {
  const topicArn = `arn:aws:sns:me-south-1:123456789012:${topic}`;
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:2bcfbf39`,
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: topicArn,
          Subject: '',
          Message: message,
          Timestamp: '2026-11-25T09:00:00.000Z',
          SignatureVersion: '1',
          Signature: 'EXAMPLE',
          SigningCertUrl: 'https://sns.me-south-1.amazonaws.com/SimpleNotificationService.pem',
          UnsubscribeUrl: 'https://sns.me-south-1.amazonaws.com/?Action=Unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}
