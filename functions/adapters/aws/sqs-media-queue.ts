import type { SQSClient } from '@aws-sdk/client-sqs';
import type { MediaFetchJob, MediaFetchQueue } from '../../../shared/ports/media.ts';
import { type SdkOnFirstUse, sdkOnFirstUse } from './sdk-on-first-use.ts';

/** The media-fetch queue (MEDIA_FETCH_QUEUE_URL, set only on the functions granted it). */
export class SqsMediaFetchQueue implements MediaFetchQueue {
  private readonly sqs: SdkOnFirstUse<typeof import('@aws-sdk/client-sqs'), SQSClient>;

  constructor(
    private readonly queueUrl: string | undefined,
    client?: SQSClient,
  ) {
    this.sqs = sdkOnFirstUse('@aws-sdk/client-sqs', (sdk) => new sdk.SQSClient({}), client);
  }

  async enqueue(job: MediaFetchJob): Promise<void> {
    if (!this.queueUrl)
      throw new Error('MEDIA_FETCH_QUEUE_URL is not set: this function may not queue media');
    const { sdk, client } = this.sqs();
    await client.send(
      new sdk.SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }),
    );
  }
}
