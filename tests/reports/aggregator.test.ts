import { BatchWriteCommand, DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { ReportRepository } from '../../functions/adapters/dynamodb/report-repository.ts';
import { createReportAggregatorHandler } from '../../functions/handlers/report-aggregator.ts';
import { LocalChangeStream } from '../../infra/local/change-stream.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';
import { calendarTime } from '../../shared/reports/business-time.ts';
import { aReportedTicket, changed } from '../support/reported-tickets.ts';
import { streamRecord } from '../support/ticket-histories.ts';

const TABLE = 'reports-aggregator';
const DAY = { from: '2026-11-22', to: '2026-11-22' };
let dynamo: LocalDynamoDB;
let reports: ReportRepository;

beforeAll(async () => {
  dynamo = await startLocalDynamoDB({ tableName: TABLE });
  reports = new ReportRepository(createDocumentClient(dynamo.clientConfig), TABLE);
});
afterAll(async () => {
  await dynamo.close();
});

const versioned = <T extends object>(ticket: T, version: number) => ({ ...ticket, version });

describe('report aggregator over dynalite', () => {
  it('counts each ticket change once however often the stream redelivers it', async () => {
    const aggregate = createReportAggregatorHandler(() => ({ reports, businessTime: calendarTime }));
    const created = versioned(
      aReportedTicket({ createdAt: '2026-11-22T06:00:00.000Z', queueId: 'q-retry' }),
      1,
    );
    const answered = versioned(
      changed(created, '2026-11-22T06:20:00.000Z', {
        status: 'open',
        firstResponseAt: '2026-11-22T06:20:00.000Z',
        lastResponseAt: '2026-11-22T06:20:00.000Z',
      }),
      2,
    );
    const resolved = versioned(
      changed(answered, '2026-11-22T09:00:00.000Z', {
        status: 'resolved',
        resolvedAt: '2026-11-22T09:00:00.000Z',
      }),
      3,
    );
    const insert = streamRecord(undefined, created);
    const answer = streamRecord(created, answered);
    const resolve = streamRecord(answered, resolved);

    await aggregate({ Records: [insert, answer] });
    // Lambda retries a failed batch whole, and a bisected retry overlaps the earlier half.
    await aggregate({ Records: [insert, answer] });
    await aggregate({ Records: [answer, resolve] });
    await aggregate({ Records: [resolve] });

    const cells = (await reports.readCells(DAY)).filter((cell) => cell.queueId === 'q-retry');
    expect(cells).toHaveLength(1);
    expect(cells[0]?.counters).toMatchObject({ created: 1, resolved: 1, resolvedWithinSla: 1 });
    const histogramTotal = (prefix: string) =>
      Object.entries(cells[0]?.counters ?? {})
        .filter(([name]) => name.startsWith(prefix))
        .reduce((sum, [, count]) => sum + count, 0);
    expect(histogramTotal('h_frt_')).toBe(1);
    expect(histogramTotal('h_res_')).toBe(1);
    expect((await reports.readBacklog()).filter((cell) => cell.queueId === 'q-retry')).toEqual([]);
  });

  it('hands the batch back for retry when the store fails, and counts it once when retried', async () => {
    let failNext = true;
    const flaky = {
      ...reports,
      applyChanges: async (changes: Parameters<ReportRepository['applyChanges']>[0]) => {
        if (failNext) {
          failNext = false;
          throw new Error('throttled');
        }
        return reports.applyChanges(changes);
      },
    } as unknown as ReportRepository;
    const aggregate = createReportAggregatorHandler(() => ({ reports: flaky, businessTime: calendarTime }));
    const record = streamRecord(undefined, versioned(aReportedTicket({ queueId: 'q-flaky' }), 1));

    const first = await aggregate({ Records: [record] });
    const retry = await aggregate({ Records: [record] });

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: record.dynamodb?.SequenceNumber }]);
    expect(retry.batchItemFailures).toEqual([]);
    const cells = (await reports.readCells(DAY)).filter((cell) => cell.queueId === 'q-flaky');
    expect(cells[0]?.counters.created).toBe(1);
  });

  it('ignores changes of items that are not tickets', async () => {
    const aggregate = createReportAggregatorHandler(() => ({ reports, businessTime: calendarTime }));
    const message: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: {
        NewImage: { PK: { S: 'TICKET#x' }, SK: { S: 'MSG#1' }, entity: { S: 'message' } },
        SequenceNumber: '1',
      },
    };

    expect(await aggregate({ Records: [message] })).toEqual({ batchItemFailures: [] });
  });
});

describe('local change stream (dynalite has none)', () => {
  it('emits INSERT, MODIFY and REMOVE records with old and new images for writes through the client', async () => {
    const received: DynamoDBRecord[] = [];
    const stream = new LocalChangeStream({
      clientConfig: dynamo.clientConfig,
      tableName: TABLE,
      watch: (key) => key.PK?.startsWith('STREAMTEST#') ?? false,
      consumer: async (event) => {
        received.push(...event.Records);
        return { batchItemFailures: [] };
      },
    });
    const db = createDocumentClient(dynamo.clientConfig);
    stream.attach(db);
    const key = { PK: 'STREAMTEST#1', SK: 'META' };

    await db.send(new PutCommand({ TableName: TABLE, Item: { ...key, status: 'new' } }));
    await db.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: key,
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'open' },
      }),
    );
    // An update that changes nothing makes no record, as in DynamoDB.
    await db.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: key,
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'open' },
      }),
    );
    await db.send(
      new BatchWriteCommand({
        RequestItems: {
          [TABLE]: [{ PutRequest: { Item: { PK: 'STREAMTEST#2', SK: 'META', status: 'new' } } }],
        },
      }),
    );
    await db.send(new DeleteCommand({ TableName: TABLE, Key: key }));
    await db.send(new PutCommand({ TableName: TABLE, Item: { PK: 'OTHER#1', SK: 'META' } }));
    await stream.settled();
    stream.close();

    expect(received.map((r) => [r.eventName, r.dynamodb?.Keys?.PK?.S])).toEqual([
      ['INSERT', 'STREAMTEST#1'],
      ['MODIFY', 'STREAMTEST#1'],
      ['INSERT', 'STREAMTEST#2'],
      ['REMOVE', 'STREAMTEST#1'],
    ]);
    expect(received[1]?.dynamodb?.OldImage?.status).toEqual({ S: 'new' });
    expect(received[1]?.dynamodb?.NewImage?.status).toEqual({ S: 'open' });
    expect(received[3]?.dynamodb?.NewImage).toBeUndefined();
    const sequence = received.map((r) => r.dynamodb?.SequenceNumber ?? '');
    expect([...sequence].sort()).toEqual(sequence);
  });

  it('retries a batch the consumer hands back, from the failed record', async () => {
    const seen: string[] = [];
    let failures = 1;
    const stream = new LocalChangeStream({
      clientConfig: dynamo.clientConfig,
      tableName: TABLE,
      watch: (key) => key.PK?.startsWith('RETRYTEST#') ?? false,
      consumer: async (event) => {
        seen.push(...event.Records.map((r) => String(r.dynamodb?.Keys?.PK?.S)));
        if (failures-- > 0)
          return {
            batchItemFailures: [{ itemIdentifier: String(event.Records[0]?.dynamodb?.SequenceNumber) }],
          };
        return { batchItemFailures: [] };
      },
    });
    const db = createDocumentClient(dynamo.clientConfig);
    stream.attach(db);

    await db.send(new PutCommand({ TableName: TABLE, Item: { PK: 'RETRYTEST#1', SK: 'META' } }));
    await stream.settled();
    stream.close();

    expect(seen).toEqual(['RETRYTEST#1', 'RETRYTEST#1']);
  });
});
