import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { MediaFetchJob, MediaFetchQueue } from '../../../shared/ports/media.ts';

/** The media-fetch queue (MEDIA_FETCH_QUEUE_URL, set only on the functions granted it). */
export class SqsMediaFetchQueue implements MediaFetchQueue {
  constructor(
    private readonly queueUrl: string | undefined,
    private readonly sqs = new SQSClient({}),
  ) {}

  async enqueue(job: MediaFetchJob): Promise<void> {
    if (!this.queueUrl)
      throw new Error('MEDIA_FETCH_QUEUE_URL is not set: this function may not queue media');
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }),
    );
  }
}
