import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { fetchInboundMedia, type MediaFetchDeps } from '../../shared/use-cases/fetch-inbound-media.ts';
import { MEDIA_FETCH_ATTEMPTS } from '../event-functions.ts';
import { mediaPart, messagesPart, outboxPart } from '../lib/dependency-parts.ts';
import { logger, observability } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';

const jobSchema = z.object({
  ticketId: z.string().check(z.minLength(1)),
  messageId: z.string().check(z.minLength(1)),
});

/**
 * The media-fetch queue's consumer: each job fetches one received message's files into the attachment store.
 * A job that fails is reported back alone (partial batch response), so SQS retries it and, after the last
 * attempt, moves it to the dead-letter queue; the last attempt first records the files as failed.
 */
export const createMediaFetcherHandler = (getDeps: () => MediaFetchDeps) =>
  middy<SQSEvent, SQSBatchResponse>()
    .use(observability())
    .handler(async (event) => {
      const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        const job = jobSchema.safeParse(JSON.parse(record.body));
        if (!job.success) {
          logger.error('Unreadable media fetch job', { messageId: record.messageId });
          batchItemFailures.push({ itemIdentifier: record.messageId });
          continue;
        }
        const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
        try {
          const outcome = await fetchInboundMedia(getDeps(), job.data, attempt >= MEDIA_FETCH_ATTEMPTS);
          logger.info('Media fetched', { ...job.data, ...outcome });
        } catch (error) {
          logger.warn('Media fetch failed', { ...job.data, attempt, error: String(error).slice(0, 300) });
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures };
    });

export const handler = createMediaFetcherHandler(lambdaDependencies(mediaPart, messagesPart, outboxPart));
