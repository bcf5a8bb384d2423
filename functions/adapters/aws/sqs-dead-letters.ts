import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetters } from '../../../shared/ports/dead-letters.ts';
import { type SdkOnFirstUse, sdkOnFirstUse } from './sdk-on-first-use.ts';

/** SQS caps a message at 256 KB; a larger payload is cut and marked so, the original stays where it was stored. */
const MAX_PAYLOAD_CHARS = 200_000;

export class SqsDeadLetters implements DeadLetters {
  private readonly sqs: SdkOnFirstUse<typeof import('@aws-sdk/client-sqs'), SQSClient>;

  constructor(
    private readonly queueUrl: string,
    client?: SQSClient,
  ) {
    this.sqs = sdkOnFirstUse('@aws-sdk/client-sqs', (sdk) => new sdk.SQSClient({}), client);
  }

  async send(letter: DeadLetter): Promise<void> {
    const truncated = letter.payload.length > MAX_PAYLOAD_CHARS;
    const { sdk, client } = this.sqs();
    await client.send(
      new sdk.SendMessageCommand({
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
