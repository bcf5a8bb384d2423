import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MEDIA_FETCH_ATTEMPTS } from '../../functions/event-functions.ts';
import type { DeadLetters } from '../../shared/ports/dead-letters.ts';
import type { MediaFetchJob, MediaFetchQueue } from '../../shared/ports/media.ts';
import { invokeLocally } from './api-gateway-event.ts';

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * The media-fetch SQS queue of AWS, in process: each job runs in the background through the same handler, with
 * SQS's receive count, retried after a pause up to the same number of attempts, then dead-lettered. With a folder,
 * a job is kept there from its enqueue until it is done, as SQS keeps a message until it is deleted: a job a
 * killed run never finished runs again on the next start (`resume`), since the provider will not send it again.
 */
export class LocalMediaFetchQueue implements MediaFetchQueue {
  private readonly inFlight = new Set<Promise<void>>();
  private handler: SqsHandler | undefined;

  constructor(
    private readonly deadLetters: DeadLetters,
    private readonly retryDelayMs = 1_000,
    private readonly folder?: string,
  ) {}

  /** Set once the handler exists (it needs the dependencies this queue is part of). */
  consumeWith(handler: SqsHandler): void {
    this.handler = handler;
  }

  async enqueue(job: MediaFetchJob): Promise<void> {
    const id = randomUUID();
    if (this.folder) {
      await mkdir(this.folder, { recursive: true });
      // Whole or not at all: a kill during the write leaves a temporary file that is never read.
      await writeFile(join(this.folder, `${id}.tmp`), JSON.stringify(job));
      await rename(join(this.folder, `${id}.tmp`), join(this.folder, `${id}.json`));
    }
    this.start(id, JSON.stringify(job));
  }

  /** Runs again the jobs a killed run left in the folder; how many. */
  async resume(): Promise<number> {
    if (!this.folder) return 0;
    const names = await readdir(this.folder).catch(() => []);
    const left = names.filter((name) => name.endsWith('.json'));
    for (const name of left)
      this.start(name.slice(0, -'.json'.length), await readFile(join(this.folder, name), 'utf8'));
    return left.length;
  }

  /** Resolves when every queued job has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all(this.inFlight);
  }

  get idle(): boolean {
    return this.inFlight.size === 0;
  }

  private start(id: string, body: string): void {
    const run = this.run(body)
      .then(() => (this.folder ? rm(join(this.folder, `${id}.json`), { force: true }) : undefined))
      .catch((error: unknown) => console.error('Media fetch job failed', error))
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  private async run(body: string): Promise<void> {
    for (let attempt = 1; attempt <= MEDIA_FETCH_ATTEMPTS; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * (attempt - 1)));
      if (!this.handler) throw new Error('The media fetch queue has no consumer');
      const answer = await invokeLocally('mediaFetcher', this.handler, { Records: [record(body, attempt)] });
      if (answer.batchItemFailures.length === 0) return;
    }
    await this.deadLetters.send({
      source: 'media-fetch',
      reason: `Not fetched after ${MEDIA_FETCH_ATTEMPTS} attempts`,
      payload: body,
      at: new Date().toISOString(),
    });
  }
}

function record(body: string, attempt: number): SQSRecord {
  return {
    messageId: randomUUID(),
    receiptHandle: 'local',
    body,
    attributes: {
      ApproximateReceiveCount: String(attempt),
      SentTimestamp: String(Date.now()),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:media-fetch',
    awsRegion: 'local',
  };
}
