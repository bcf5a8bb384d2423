import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { CountedChange, ReportStore } from '../../shared/ports/report-store.ts';
import { type BusinessTime, calendarTime } from '../../shared/reports/business-time.ts';
import type { ReportedTicket } from '../../shared/reports/reported-ticket.ts';
import { incrementsOf } from '../../shared/reports/transitions.ts';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { ReportRepository } from '../adapters/dynamodb/report-repository.ts';
import { strip } from '../adapters/dynamodb/ticket-repository.ts';
import { logger } from '../lib/observability.ts';

export interface AggregatorDeps {
  reports: ReportStore;
  businessTime: BusinessTime;
}

type Image = Record<string, AttributeValue>;

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

/** Turns a batch of table changes into report increments; other items' changes are not the reports' concern. */
export function countedChanges(
  records: readonly DynamoDBRecord[],
  businessTime: BusinessTime,
): CountedChange[] {
  const changes: CountedChange[] = [];
  for (const record of records) {
    const oldImage = record.dynamodb?.OldImage ? unmarshall(record.dynamodb.OldImage as Image) : undefined;
    const newImage = record.dynamodb?.NewImage ? unmarshall(record.dynamodb.NewImage as Image) : undefined;
    const before =
      oldImage?.entity === 'ticket' ? (strip<ReportedTicket>(oldImage) as ReportedTicket) : undefined;
    const after =
      newImage?.entity === 'ticket' ? (strip<ReportedTicket>(newImage) as ReportedTicket) : undefined;
    if (!before && !after) continue;
    changes.push({
      changeId: changeIdOf(record, oldImage, newImage),
      increments: incrementsOf(before, after, businessTime),
    });
  }
  return changes;
}

/**
 * Keeps the report aggregates current from the table's stream (NEW_AND_OLD_IMAGES). Counting is idempotent per
 * change (see ReportRepository), so on a failure the whole batch is handed back for retry from its first record.
 */
export function createReportAggregatorHandler(getDeps: () => AggregatorDeps) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const deps = getDeps();
    try {
      await deps.reports.applyChanges(countedChanges(event.Records, deps.businessTime));
      return { batchItemFailures: [] };
    } catch (error) {
      logger.error('Report aggregation failed; the batch will be retried', { error: error as Error });
      const first = event.Records[0]?.dynamodb?.SequenceNumber;
      return { batchItemFailures: first ? [{ itemIdentifier: first }] : [] };
    }
  };
}

let deps: AggregatorDeps | undefined;

function aggregatorDependencies(): AggregatorDeps {
  if (deps) return deps;
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('Environment variable TABLE_NAME is not set');
  deps = { reports: new ReportRepository(createDocumentClient(), tableName), businessTime: calendarTime };
  return deps;
}

export const handler = createReportAggregatorHandler(aggregatorDependencies);
