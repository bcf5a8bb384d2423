import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { ReportRepository } from '../../../functions/adapters/dynamodb/report-repository.ts';
import { createReportAggregatorHandler } from '../../../functions/handlers/report-aggregator.ts';
import {
  businessTimeOf,
  type ReportAggregatorDeps,
  reportAggregatorDependencies,
} from '../../../functions/lib/dependencies.ts';
import { FolderDeadLetters } from '../../../infra/local/folder-dead-letters.ts';
import type { CountedChange } from '../../../shared/ports/report-store.ts';
import { bucketOf } from '../../../shared/reports/histogram.ts';
import { NO_BRANCH } from '../../../shared/reports/reported-ticket.ts';
import { histogramAttribute } from '../../../shared/reports/transitions.ts';
import { DEFAULT_CALENDAR } from '../../../shared/sla/defaults.ts';
import { useDynalite } from '../../support/dynalite.ts';
import { aReportedTicket, changed } from '../../support/reported-tickets.ts';
import { streamRecord } from '../../support/ticket-histories.ts';

const TABLE = 'reports-aggregator';
const DAY = { from: '2026-11-22', to: '2026-11-22' };
const local = useDynalite(TABLE);
let db: DynamoDBDocumentClient;
let reports: ReportRepository;
let deadLetters: FolderDeadLetters;
/** The aggregator's dependencies as both runtimes make them: business time on the society's calendar. */
let society: ReportAggregatorDeps;

beforeAll(() => {
  db = local.db;
  reports = new ReportRepository(db, TABLE);
});
beforeEach(() => {
  deadLetters = new FolderDeadLetters();
  society = reportAggregatorDependencies({ db, tableName: TABLE, deadLetters });
});

const versioned = <T extends object>(ticket: T, version: number) => ({ ...ticket, version });
const sequenceOf = (record: DynamoDBRecord) => record.dynamodb?.SequenceNumber;
const created = (queueId: string, createdAt = '2026-11-22T06:00:00.000Z') =>
  streamRecord(undefined, versioned(aReportedTicket({ queueId, createdAt }), 1));
const cellOf = async (queueId: string) =>
  (await reports.readCells(DAY)).filter((cell) => cell.queueId === queueId);
const openIn = async (queueId: string) =>
  (await reports.readBacklog())
    .filter((cell) => cell.queueId === queueId)
    .reduce((sum, cell) => sum + cell.open, 0);

/** The stream records of a ticket created, answered, then resolved at the times given. */
function answeredThenResolved(
  queueId: string,
  at: { createdAt: string; answeredAt: string; resolvedAt: string },
): Record<'insert' | 'answer' | 'resolve', DynamoDBRecord> {
  const first = versioned(aReportedTicket({ createdAt: at.createdAt, queueId }), 1);
  const answered = versioned(
    changed(first, at.answeredAt, {
      status: 'open',
      firstResponseAt: at.answeredAt,
      lastResponseAt: at.answeredAt,
    }),
    2,
  );
  const resolved = versioned(
    changed(answered, at.resolvedAt, { status: 'resolved', resolvedAt: at.resolvedAt }),
    3,
  );
  return {
    insert: streamRecord(undefined, first),
    answer: streamRecord(first, answered),
    resolve: streamRecord(answered, resolved),
  };
}

/** The society's dependencies with a store that refuses the changes of the tickets named. */
function refusing(ticketIds: Set<string>, times = Number.POSITIVE_INFINITY): ReportAggregatorDeps {
  let refusals = 0;
  return {
    ...society,
    reports: {
      applyChange: (change: CountedChange) => {
        if (ticketIds.has(change.changeId.split('#')[0] ?? '') && refusals++ < times) {
          return Promise.reject(new Error('throttled'));
        }
        return society.reports.applyChange(change);
      },
    },
  };
}

describe('report aggregator over dynalite', () => {
  it('counts each ticket change once however often the stream redelivers it', async () => {
    const aggregate = createReportAggregatorHandler(() => society);
    const { insert, answer, resolve } = answeredThenResolved('q-retry', {
      createdAt: '2026-11-22T06:00:00.000Z',
      answeredAt: '2026-11-22T06:20:00.000Z',
      resolvedAt: '2026-11-22T09:00:00.000Z',
    });

    await aggregate({ Records: [insert, answer] });
    // Lambda retries a failed batch whole, and a bisected retry overlaps the earlier half.
    await aggregate({ Records: [insert, answer] });
    await aggregate({ Records: [answer, resolve] });
    await aggregate({ Records: [resolve, resolve] });

    const cells = await cellOf('q-retry');
    expect(cells).toHaveLength(1);
    expect(cells[0]?.counters).toMatchObject({ created: 1, resolved: 1, resolvedWithinSla: 1 });
    const histogramTotal = (prefix: string) =>
      Object.entries(cells[0]?.counters ?? {})
        .filter(([name]) => name.startsWith(prefix))
        .reduce((sum, [, count]) => sum + count, 0);
    expect(histogramTotal('h_frt_')).toBe(1);
    expect(histogramTotal('h_res_')).toBe(1);
    expect(await openIn('q-retry')).toBe(0);
  });

  it("counts response and resolution in business time on the society's calendar, beside calendar time", async () => {
    const aggregate = createReportAggregatorHandler(() => society);
    // Thursday 18:00 in Riyadh, after the last shift; answered Sunday 08:30, resolved Sunday 13:00.
    const at = {
      createdAt: '2026-11-19T15:00:00.000Z',
      answeredAt: '2026-11-22T05:30:00.000Z',
      resolvedAt: '2026-11-22T10:00:00.000Z',
    };
    const { insert, answer, resolve } = answeredThenResolved('q-weekend', at);
    const between = (from: string, to: string) =>
      businessTimeOf(DEFAULT_CALENDAR)(new Date(from), new Date(to));
    const HOUR = 3_600_000;
    // The weekend and the night do not count: half an hour of the first shift, then the morning and half an hour
    // after the break.
    expect(between(at.createdAt, at.answeredAt)).toBe(HOUR / 2);
    expect(between(at.createdAt, at.resolvedAt)).toBe(4.5 * HOUR);

    expect((await aggregate({ Records: [insert, answer, resolve] })).batchItemFailures).toEqual([]);

    const [cell] = await cellOf('q-weekend');
    const expected = {
      frt: 62.5 * HOUR,
      frtb: HOUR / 2,
      res: 67 * HOUR,
      resb: 4.5 * HOUR,
    } as const;
    expect(bucketOf(expected.frtb)).not.toBe(bucketOf(expected.frt));
    expect(bucketOf(expected.resb)).not.toBe(bucketOf(expected.res));
    const histograms = Object.fromEntries(
      Object.entries(cell?.counters ?? {}).filter(([name]) => name.startsWith('h_')),
    );
    expect(histograms).toEqual(
      Object.fromEntries(
        Object.entries(expected).map(([metric, duration]) => [
          histogramAttribute(metric as keyof typeof expected, bucketOf(duration)),
          1,
        ]),
      ),
    );
  });

  it('reports a failing record by its own sequence number, and counts it once when the shard resumes there', async () => {
    const batch = Array.from({ length: 5 }, () => created('q-flaky'));
    const bad = batch[2] as DynamoDBRecord;
    const badId = String(bad.dynamodb?.NewImage?.id?.S);
    const deps = refusing(new Set([badId]), 1);
    const aggregate = createReportAggregatorHandler(() => deps);

    const first = await aggregate({ Records: batch });
    // Lambda resumes from the lowest reported record: the third and everything after it come again.
    const resumed = await aggregate({ Records: batch.slice(2) });

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(bad) }]);
    expect(resumed.batchItemFailures).toEqual([]);
    expect((await cellOf('q-flaky'))[0]?.counters.created).toBe(5);
    expect(await openIn('q-flaky')).toBe(5);
    expect(deadLetters.letters).toEqual([]);
  });

  it('dead-letters a poison record in a stream batch of 33 with its images, and counts the other 32', async () => {
    const before = versioned(aReportedTicket({ queueId: 'q-poison' }), 1);
    const poison = streamRecord(before, versioned(changed(before, '2026-11-22T07:00:00.000Z', {}), 2));
    // An image no reader can decode: an attribute of a type DynamoDB does not have.
    const newImage = { ...poison.dynamodb?.NewImage, subject: { X: 'unreadable' } } as never;
    poison.dynamodb = { ...poison.dynamodb, NewImage: newImage };
    const batch = Array.from({ length: 33 }, (_, index) => (index === 16 ? poison : created('q-poison')));

    const response = await createReportAggregatorHandler(() => society)({ Records: batch });

    expect(response.batchItemFailures).toEqual([]);
    expect(deadLetters.letters).toHaveLength(1);
    const letter = deadLetters.letters[0];
    expect(letter?.source).toBe('stream-report-aggregator');
    expect(letter?.reason).toMatch(/unreadable/);
    const dead = JSON.parse(letter?.payload ?? '{}') as DynamoDBRecord;
    expect(dead.dynamodb?.SequenceNumber).toBe(sequenceOf(poison));
    expect(dead.dynamodb?.NewImage).toEqual(newImage);
    expect(dead.dynamodb?.OldImage).toEqual(poison.dynamodb?.OldImage);
    expect((await cellOf('q-poison'))[0]?.counters.created).toBe(32);
    expect(await openIn('q-poison')).toBe(32);
  });

  it('sets a record the store keeps refusing aside, with its images, after three attempts', async () => {
    const bad = created('q-refused');
    const good = created('q-refused');
    const deps = refusing(new Set([String(bad.dynamodb?.NewImage?.id?.S)]));
    const aggregate = createReportAggregatorHandler(() => deps);

    const answers = [];
    for (let attempt = 0; attempt < 3; attempt++) answers.push(await aggregate({ Records: [bad, good] }));

    expect(answers.map((answer) => answer.batchItemFailures.length)).toEqual([1, 1, 0]);
    expect(deadLetters.letters.map((letter) => letter.reason)).toEqual(['failed 3 times: throttled']);
    expect(JSON.parse(deadLetters.letters[0]?.payload ?? '{}').dynamodb.NewImage).toEqual(
      bad.dynamodb?.NewImage,
    );
    expect((await cellOf('q-refused'))[0]?.counters.created).toBe(1);
  });

  it('writes a transaction again when a parallel shard conflicted with it, without failing its records', async () => {
    let conflicts = 2;
    const conflicting = {
      send: (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        if (command instanceof TransactWriteCommand && conflicts-- > 0) {
          return Promise.reject(
            new TransactionCanceledException({
              message: 'Transaction cancelled',
              $metadata: {},
              CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
            }),
          );
        }
        return db.send(command);
      },
    } as unknown as DynamoDBDocumentClient;
    const deps = { ...society, reports: new ReportRepository(conflicting, TABLE) };
    const batch = [created('q-conflict'), created('q-conflict')];

    const response = await createReportAggregatorHandler(() => deps)({ Records: batch });

    expect(conflicts).toBe(-1);
    expect(response.batchItemFailures).toEqual([]);
    expect((await cellOf('q-conflict'))[0]?.counters.created).toBe(2);
  });

  it('ignores changes of items that are not tickets', async () => {
    const aggregate = createReportAggregatorHandler(() => society);
    const message: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: {
        NewImage: { PK: { S: 'TICKET#x' }, SK: { S: 'MSG#1' }, entity: { S: 'message' } },
        SequenceNumber: '1',
      },
    };

    expect(await aggregate({ Records: [message] })).toEqual({ batchItemFailures: [] });
    expect(deadLetters.letters).toEqual([]);
  });

  it('keeps a report cell and its backlog item a few hundred bytes after 2,000 changes in one day', async () => {
    const aggregate = createReportAggregatorHandler(() => society);
    const sizes: number[] = [];
    const itemSize = async (key: { PK: string; SK: string }) => {
      const { Item } = await db.send(new GetCommand({ TableName: TABLE, Key: key }));
      return Buffer.byteLength(JSON.stringify(Item));
    };
    const cellKey = keys.reportCell('2026-11-22', 'q-volume', 'whatsapp', NO_BRANCH);
    const backlogKey = keys.reportBacklog('q-volume', '2026-11-22');
    for (let round = 0; round < 10; round++) {
      // 100 tickets created and answered: 200 changes a round, 2,000 in all.
      const records = Array.from({ length: 100 }, (_, index) => {
        // The same ten response times every round: the histogram's buckets are all in use after the first.
        const ticket = versioned(
          aReportedTicket({ queueId: 'q-volume', createdAt: `2026-11-22T06:${pad(round)}:00.000Z` }),
          1,
        );
        const at = `2026-11-22T07:${pad(round + 5 * (index % 10))}:00.000Z`;
        return [
          streamRecord(undefined, ticket),
          streamRecord(
            ticket,
            versioned(changed(ticket, at, { status: 'open', firstResponseAt: at, lastResponseAt: at }), 2),
          ),
        ];
      }).flat();
      expect((await aggregate({ Records: records })).batchItemFailures).toEqual([]);
      sizes.push(await itemSize(cellKey));
    }

    const [cell] = await cellOf('q-volume');
    expect(cell?.counters.created).toBe(1_000);
    expect(await openIn('q-volume')).toBe(1_000);
    // Only counters: from 200 changes to 2,000 the item grows by its counters' extra digits, nothing else.
    expect(sizes.at(-1)).toBeLessThan(1_024);
    expect((sizes.at(-1) ?? 0) - (sizes[0] ?? 0)).toBeLessThanOrEqual(20);
    expect(await itemSize(backlogKey)).toBeLessThan(256);
    console.info(
      `report cell after 2,000 changes: ${sizes.at(-1)} bytes; backlog: ${await itemSize(backlogKey)}`,
    );
  }, 120_000);
});

const pad = (value: number) => String(value).padStart(2, '0');
