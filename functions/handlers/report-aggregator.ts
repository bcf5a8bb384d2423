import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { CountedChange } from '../../shared/ports/report-store.ts';
import type { BusinessTime } from '../../shared/reports/business-time.ts';
import type { ReportedTicket } from '../../shared/reports/reported-ticket.ts';
import { incrementsOf } from '../../shared/reports/transitions.ts';
import { aggregatorOn, type ReportAggregatorDeps } from '../lib/dependencies.ts';
import { observed } from '../lib/observability.ts';
import { processStreamBatch, UnprocessableRecordError } from '../lib/stream-batch.ts';
import { onLambda } from '../platform/aws.ts';

type Image = Record<string, AttributeValue>;

export const REPORT_AGGREGATOR = 'report-aggregator';

/**
 * The id a change is counted under. The ticket's `version` grows by one on every write of the ticket item, so
 * `ticketId#version` names the same transition however often the stream redelivers it; a deletion is named
 * after the last version it removed.
 */
function changeIdOf(
  record: DynamoDBRecord,
  before?: Record<string, unknown>,
  after?: Record<string, unknown>,
) {
  const id = String((after ?? before)?.id);
  if (after?.version !== undefined) return `${id}#${after.version}`;
  if (before?.version !== undefined) return `${id}#removed#${before.version}`;
  return `${id}#seq#${record.dynamodb?.SequenceNumber}`;
}

function imageOf(image: Image | undefined, side: string): Record<string, unknown> | undefined {
  if (!image) return undefined;
  try {
    return unmarshall(image);
  } catch (error) {
    throw new UnprocessableRecordError(`${side} image is unreadable: ${(error as Error).message}`);
  }
}

/** A ticket image the reports can place: an id, a queue, a channel and a valid creation time. */
function ticketOf(image: Record<string, unknown> | undefined, side: string): ReportedTicket | undefined {
  if (image?.entity !== 'ticket') return undefined;
  // Storage attributes (keys, index keys) ride along unread: transitions read the ticket's own fields only.
  const ticket = image;
  const readable =
    typeof ticket.id === 'string' &&
    typeof ticket.queueId === 'string' &&
    typeof ticket.channel === 'string' &&
    typeof ticket.createdAt === 'string' &&
    !Number.isNaN(Date.parse(ticket.createdAt));
  if (!readable) throw new UnprocessableRecordError(`${side} image is not a ticket the reports can count`);
  return ticket as unknown as ReportedTicket;
}

/** The report increments of one table change; undefined for items that are not tickets. */
export function countedChange(record: DynamoDBRecord, businessTime: BusinessTime): CountedChange | undefined {
  const oldImage = imageOf(record.dynamodb?.OldImage as Image | undefined, 'old');
  const newImage = imageOf(record.dynamodb?.NewImage as Image | undefined, 'new');
  const before = ticketOf(oldImage, 'old');
  const after = ticketOf(newImage, 'new');
  if (!before && !after) return undefined;
  let increments: CountedChange['increments'];
  try {
    increments = incrementsOf(before, after, businessTime);
  } catch (error) {
    // Derived from the images alone: what fails once fails on every retry.
    throw new UnprocessableRecordError(`increments cannot be derived: ${(error as Error).message}`);
  }
  return { changeId: changeIdOf(record, oldImage, newImage), increments };
}

/**
 * Keeps the report aggregates current from the table's stream (NEW_AND_OLD_IMAGES, ticket items only). Each
 * record is counted on its own and idempotently; a failing record is reported by its own sequence number, and a
 * poison one is dead-lettered with its images (see processStreamBatch).
 */
export function createReportAggregatorHandler(getDeps: () => ReportAggregatorDeps) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const deps = getDeps();
    // The society's calendar as configured now: read once per batch (the settings source caches it).
    const businessTime = await deps.businessTime();
    return processStreamBatch(event, deps, { consumer: REPORT_AGGREGATOR }, async (record) => {
      const change = countedChange(record, businessTime);
      if (change) await deps.reports.applyChange(change);
    });
  };
}

export const handler = observed(createReportAggregatorHandler(onLambda(aggregatorOn)));
