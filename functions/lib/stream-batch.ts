import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ValidationError } from '../../shared/domain/errors.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { DeadLetters } from '../../shared/ports/dead-letters.ts';
import type { RecordAttempts } from '../../shared/ports/record-attempts.ts';
import { logger, withCorrelationId } from './observability.ts';

/** A record that can never be processed (an unreadable image): set aside at once, never retried. */
export class UnprocessableRecordError extends ValidationError {
  constructor(reason: string) {
    super([], reason);
  }
}

export interface StreamConsumerDeps {
  deadLetters: DeadLetters;
  attempts: RecordAttempts;
  clock: Clock;
}

export interface StreamBatchOptions {
  /** Names the consumer in dead letters and attempt counters, e.g. `report-aggregator`. */
  consumer: string;
  /** Failed attempts after which a record is dead-lettered and the shard moves on (below the mapping's retries). */
  maxAttempts?: number;
  /**
   * Records handled at once (default: the whole batch, so a store may write them together); each is idempotent
   * on its own, so their order does not matter.
   */
  concurrency?: number;
}

const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * The partial-batch contract of Powertools' BatchProcessor (EventType.DynamoDBStreams), by hand: each record is
 * handled on its own and each failing record is reported by its own sequence number, so Lambda resumes the shard
 * at the first failure and the records after it are redelivered (and skipped by their handler's idempotency).
 * A record that can never succeed, or that failed `maxAttempts` times, goes to the dead-letter port with its
 * images (the mapping's on-failure queue would get metadata only) and counts as done, so one poison record no
 * longer holds back or loses the rest of its batch.
 */
export async function processStreamBatch(
  event: DynamoDBStreamEvent,
  deps: StreamConsumerDeps,
  options: StreamBatchOptions,
  handle: (record: DynamoDBRecord) => Promise<void>,
): Promise<DynamoDBBatchResponse> {
  const failures: string[] = [];
  const records = event.Records;
  let next = 0;
  const worker = async () => {
    while (next < records.length) {
      const record = records[next++] as DynamoDBRecord;
      if (!(await settle(record, deps, options, handle))) {
        failures.push(record.dynamodb?.SequenceNumber ?? '');
      }
    }
  };
  const workers = Math.min(options.concurrency ?? records.length, records.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return {
    batchItemFailures: failures
      .sort((a, b) => a.length - b.length || a.localeCompare(b))
      .map((itemIdentifier) => ({ itemIdentifier })),
  };
}

/**
 * The id a record is handled and logged under: the `correlationId` its item carries (the request or message that
 * wrote it, when the writer stamps one), else the record's own event id; never the first record's of the batch.
 */
export function correlationIdOfRecord(record: DynamoDBRecord): string | undefined {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  return image?.correlationId?.S ?? record.eventID;
}

/** True when the record is done with: handled, or set aside. */
function settle(
  record: DynamoDBRecord,
  deps: StreamConsumerDeps,
  options: StreamBatchOptions,
  handle: (record: DynamoDBRecord) => Promise<void>,
): Promise<boolean> {
  const correlationId = correlationIdOfRecord(record);
  const about = {
    consumer: options.consumer,
    sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
    correlationId,
  };
  return withCorrelationId(correlationId, async () => {
    try {
      await handle(record);
      return true;
    } catch (error) {
      try {
        if (error instanceof UnprocessableRecordError) {
          logger.warn('Stream record set aside: it can never be processed', { ...about, error });
          await deadLetter(record, deps, options, `unprocessable: ${error.message}`);
          return true;
        }
        const attempts = await deps.attempts.failed(options.consumer, about.sequenceNumber);
        const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
        logger.warn('Stream record failed', { ...about, attempts, error: error as Error });
        if (attempts < maxAttempts) return false;
        await deadLetter(record, deps, options, `failed ${attempts} times: ${(error as Error).message}`);
        return true;
      } catch (setAsideError) {
        logger.error('Stream record could not be set aside; it will be retried', {
          ...about,
          error: setAsideError as Error,
        });
        return false;
      }
    }
  });
}

async function deadLetter(
  record: DynamoDBRecord,
  deps: StreamConsumerDeps,
  options: StreamBatchOptions,
  reason: string,
): Promise<void> {
  // The whole record: keys, sequence number and both images, so it can be replayed.
  await deps.deadLetters.send({
    source: `stream-${options.consumer}`,
    reason,
    payload: JSON.stringify(record),
    at: deps.clock.now().toISOString(),
  });
}
