import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/client.ts';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { ReportRepository } from '../../../functions/adapters/dynamodb/report-repository.ts';
import { createReportAggregatorHandler } from '../../../functions/handlers/report-aggregator.ts';
import { reportAggregatorDependencies } from '../../../functions/lib/dependencies.ts';
import { FolderDeadLetters } from '../../../infra/local/folder-dead-letters.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '../../../infra/local/local-dynamodb.ts';
import { NO_BRANCH } from '../../../shared/reports/reported-ticket.ts';
import { itemSize } from '../../bench/item-size.ts';
import { aReportedTicket, changed } from '../../support/reported-tickets.ts';
import { streamRecord } from '../../support/ticket-histories.ts';

const TABLE = 'bounded-aggregates';
const DAY = '2026-11-22';
const QUEUE = 'q-bounded';
const CREATED = 12_000;
const RESOLVED = 8_000;
/** As the event source mapping delivers them. */
const BATCH = 100;
let dynamo: LocalDynamoDB;
/** The `version` every ticket write bumps, which names a change for the aggregator. */
const versioned = <T extends object>(ticket: T, version: number) => ({ ...ticket, version });

beforeAll(async () => {
  dynamo = await startLocalDynamoDB({ tableName: TABLE });
});
afterAll(async () => {
  await dynamo.close();
});

describe('report aggregates stay bounded', () => {
  it('keeps one cell and its backlog item under 1 KB through 20,000 changes, with exact counts', async () => {
    const db = createDocumentClient(dynamo.clientConfig);
    const deadLetters = new FolderDeadLetters();
    const deps = reportAggregatorDependencies({ db, tableName: TABLE, deadLetters });
    const aggregate = createReportAggregatorHandler(() => deps);
    // Every ticket of the same day, queue, channel and branch: all changes land in one cell.
    const tickets = Array.from({ length: CREATED }, (_unused, index) =>
      aReportedTicket({
        queueId: QUEUE,
        createdAt: new Date(Date.parse(`${DAY}T06:00:00.000Z`) + index * 1000).toISOString(),
      }),
    );
    const records: DynamoDBRecord[] = tickets.map((ticket) => streamRecord(undefined, versioned(ticket, 1)));
    for (const ticket of tickets.slice(0, RESOLVED)) {
      const resolved = changed(ticket, `${DAY}T12:00:00.000Z`, {
        status: 'resolved',
        firstResponseAt: `${DAY}T11:00:00.000Z`,
        resolvedAt: `${DAY}T12:00:00.000Z`,
      });
      records.push(streamRecord(versioned(ticket, 1), versioned(resolved, 2)));
    }
    expect(records).toHaveLength(20_000);

    for (let start = 0; start < records.length; start += BATCH) {
      const answer = await aggregate({ Records: records.slice(start, start + BATCH) });
      expect(answer?.batchItemFailures ?? []).toEqual([]);
    }

    const reports = new ReportRepository(db, TABLE);
    const cells = await reports.readCells({ from: DAY, to: DAY });
    expect(cells.map((cell) => [cell.queueId, cell.branch])).toEqual([[QUEUE, NO_BRANCH]]);
    expect(cells[0]?.counters).toMatchObject({ created: CREATED, resolved: RESOLVED });
    const backlog = (await reports.readBacklog()).filter((cell) => cell.queueId === QUEUE);
    expect(backlog).toEqual([{ queueId: QUEUE, createdDay: DAY, open: CREATED - RESOLVED }]);

    const sizeOf = async (key: Record<string, string>) => {
      const { Item } = await db.send(
        new GetItemCommand({ TableName: TABLE, Key: { PK: { S: key.PK ?? '' }, SK: { S: key.SK ?? '' } } }),
      );
      return itemSize(Item ?? {});
    };
    const cellBytes = await sizeOf(keys.reportCell(DAY, QUEUE, 'whatsapp', NO_BRANCH));
    const backlogBytes = await sizeOf(keys.reportBacklog(QUEUE, DAY));
    expect(cellBytes).toBeGreaterThan(0);
    expect(cellBytes).toBeLessThan(1024);
    expect(backlogBytes).toBeGreaterThan(0);
    expect(backlogBytes).toBeLessThan(1024);
    expect(deadLetters.letters).toEqual([]);
  }, 120_000);
});
