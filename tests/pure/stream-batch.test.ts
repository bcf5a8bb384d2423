import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { correlatedEvents, logger, observed } from '../../functions/lib/observability.ts';
import {
  correlationIdOfRecord,
  processStreamBatch,
  type StreamConsumerDeps,
  UnprocessableRecordError,
} from '../../functions/lib/stream-batch.ts';
import type { TicketChanged } from '../../shared/domain/ticket-change.ts';

const context = { functionName: 'report-aggregator', awsRequestId: 'req-1' } as Context;

/** A ticket change as the stream delivers it; `correlationId` is what the item's writer stamped, if anything. */
function change(
  eventID: string,
  sequenceNumber: string,
  image: { side: 'NewImage' | 'OldImage'; correlationId?: string },
): DynamoDBRecord {
  return {
    eventID,
    eventName: image.side === 'NewImage' ? 'MODIFY' : 'REMOVE',
    dynamodb: {
      SequenceNumber: sequenceNumber,
      [image.side]: {
        id: { S: `ticket-${eventID}` },
        ...(image.correlationId && { correlationId: { S: image.correlationId } }),
      },
    },
  };
}

const deps: StreamConsumerDeps = {
  deadLetters: { send: async () => undefined },
  attempts: { failed: async () => 1 },
  clock: { now: () => new Date('2026-11-29T10:00:00Z') },
} as unknown as StreamConsumerDeps;

describe('a stream batch, record by record', () => {
  afterEach(() => {
    logger.setLogLevel('SILENT');
    vi.restoreAllMocks();
  });

  it('takes the id a record carries, else its own event id', () => {
    expect(correlationIdOfRecord(change('ev-1', '1', { side: 'NewImage', correlationId: 'api-1' }))).toBe(
      'api-1',
    );
    expect(correlationIdOfRecord(change('ev-2', '2', { side: 'OldImage', correlationId: 'api-2' }))).toBe(
      'api-2',
    );
    expect(correlationIdOfRecord(change('ev-3', '3', { side: 'NewImage' }))).toBe('ev-3');
  });

  it("logs and publishes each record under its own id, not the batch's first", async () => {
    logger.setLogLevel('INFO');
    const lines: Record<string, unknown>[] = [];
    // Warnings go to stderr, the rest to stdout.
    for (const stream of [process.stdout, process.stderr])
      vi.spyOn(stream, 'write').mockImplementation((chunk) => {
        lines.push(JSON.parse(String(chunk)));
        return true;
      });
    const published: TicketChanged[] = [];
    const events = correlatedEvents({ publish: async (published_) => void published.push(published_) });
    const records = [
      change('ev-1', '1', { side: 'NewImage', correlationId: 'api-1' }),
      change('ev-2', '2', { side: 'NewImage' }),
      change('ev-3', '3', { side: 'OldImage', correlationId: 'api-3' }),
      change('ev-4', '4', { side: 'NewImage', correlationId: 'api-4' }),
    ];
    const handler = observed(async (event: DynamoDBStreamEvent) =>
      processStreamBatch(event, deps, { consumer: 'report-aggregator' }, async (record) => {
        const id = record.dynamodb?.NewImage?.id?.S ?? record.dynamodb?.OldImage?.id?.S ?? '';
        await events.publish({ kind: 'updated', ticketId: id } as TicketChanged);
        if (record.eventID === 'ev-4') throw new UnprocessableRecordError('unreadable image');
        if (record.eventID !== 'ev-1') throw new Error('the table is busy');
      }),
    );

    const result = await handler({ Records: records }, context);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2' }, { itemIdentifier: '3' }]);
    expect(published.map((event) => [event.ticketId, event.correlationId])).toEqual([
      ['ticket-ev-1', 'api-1'],
      ['ticket-ev-2', 'ev-2'],
      ['ticket-ev-3', 'api-3'],
      ['ticket-ev-4', 'api-4'],
    ]);
    // Records run side by side: their lines come in any order.
    const logged = lines
      .filter((line) => String(line.message).startsWith('Stream record'))
      .sort((a, b) => String(a.sequenceNumber).localeCompare(String(b.sequenceNumber)));
    expect(logged.map((line) => [line.message, line.sequenceNumber, line.correlationId])).toEqual([
      ['Stream record failed', '2', 'ev-2'],
      ['Stream record failed', '3', 'api-3'],
      ['Stream record set aside: it can never be processed', '4', 'api-4'],
    ]);
  });
});
