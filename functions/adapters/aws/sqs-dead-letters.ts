import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetters } from '../../../shared/ports/dead-letters.ts';

/** SQS caps a message at 256 KB; a larger payload is cut and marked so, the original stays where it was stored. */
const MAX_PAYLOAD_CHARS = 200_000;

export class SqsDeadLetters implements DeadLetters {
  constructor(
    private readonly queueUrl: string,
    private readonly sqs = new SQSClient({}),
  ) {}

  async send(letter: DeadLetter): Promise<void> {
    const truncated = letter.payload.length > MAX_PAYLOAD_CHARS;
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify({
          ...letter,
          payload: truncated ? letter.payload.slice(0, MAX_PAYLOAD_CHARS) : letter.payload,
          truncated,
        }),
        MessageAttributes: { source: { DataType: 'String', StringValue: letter.source } },
      }),
    );
  }
}
