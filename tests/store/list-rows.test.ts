import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttributeValue,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type TableDescription,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { InboxRepository } from '../../functions/adapters/dynamodb/inbox-repository.ts';
import {
  createTableInput,
  TABLE_INDEXES,
  TICKET_ROW_ATTRIBUTES,
} from '../../functions/adapters/dynamodb/table.ts';
import { ticketItem } from '../../functions/adapters/dynamodb/ticket-items.ts';
import { TicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.ts';
import { startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';
import { badgeTicketsWrittenBeforeRows } from '../../infra/local/tickets-before-rows.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { ticketRow } from '../../shared/domain/ticket-row.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { itemSize } from '../bench/item-size.ts';
import { anInboundContact, aTicket } from '../support/factories.ts';
import { startTestStore, type TestStore } from '../support/store.ts';

let t: TestStore;
let inbox: InboxRepository;
let raw: DynamoDBClient;
beforeAll(async () => {
  t = await startTestStore();
  inbox = new InboxRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test');
  raw = new DynamoDBClient(t.dynamo.clientConfig);
});
afterAll(async () => {
  raw.destroy();
  await t.dynamo.close();
});

const WORDS = 'نرجو التكرم بالنظر في طلبنا فالأسرة مكونة من سبعة أفراد ودخلنا لا يكفي الإيجار والعلاج';
/** Arabic text of about `length` characters (two bytes each in UTF-8). */
const arabic = (length: number) => WORDS.repeat(Math.ceil(length / WORDS.length)).slice(0, length);

const clock = (warnAt: string, dueAt: string) => ({
  startedAt: '2026-12-01T06:00:00.000Z',
  warnAt,
  dueAt,
  levelsAt: ['2026-12-20T06:00:00.000Z', '2026-12-25T06:00:00.000Z', '2026-12-30T06:00:00.000Z'],
});

/** A support case as it grows: a long application, its checklist and study, three running clocks. */
async function aGrownCase(): Promise<Ticket> {
  const created = await ingestContact(
    t.deps,
    anInboundContact({ subject: arabic(120), text: arabic(600), displayName: arabic(40) }),
  );
  return t.store.updateTicket(created.ticketId, (current) => ({
    ...current,
    type: 'support_request',
    assigneeId: 'u-researcher',
    branch: 'branch-north',
    tags: ['sender_not_verified', 'family_of_seven', 'rent_overdue'],
    supportCase: {
      step: 'study',
      application: { household: arabic(500), income: arabic(300), declaration: arabic(200) },
      study: { method: 'home_visit', findings: arabic(400), by: 'u-researcher', at: current.createdAt },
    } as unknown as Ticket['supportCase'],
    sla: {
      policyId: 'support-request',
      clocks: {
        firstResponse: { ...clock('2026-12-01T09:00:00.000Z', '2026-12-01T10:00:00.000Z'), warned: true },
        resolution: clock('2026-12-10T06:00:00.000Z', '2026-12-12T06:00:00.000Z'),
        committeeDecision: clock('2026-12-12T06:00:00.000Z', '2026-12-15T06:00:00.000Z'),
      },
      nextCheckAt: '2026-12-01T10:00:00.000Z',
    },
  }));
}

async function indexItems(indexName: 'byQueueStatus' | 'byAssignee', partition: string) {
  const { partitionKey } = TABLE_INDEXES[indexName];
  const { Items = [] } = await raw.send(
    new QueryCommand({
      TableName: 'sanad-test',
      IndexName: indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': partitionKey },
      ExpressionAttributeValues: { ':pk': { S: partition } },
    }),
  );
  return Items;
}

describe('the inbox lists, served from rows their indexes keep', () => {
  it('answer rows with the SLA badge, the same as the ticket made a row, each under 1 KB however much it holds', async () => {
    const ticket = await aGrownCase();
    const stored = await raw.send(
      new GetItemCommand({
        TableName: 'sanad-test',
        Key: { PK: { S: `TICKET#${ticket.id}` }, SK: { S: 'META' } },
      }),
    );
    expect(itemSize(stored.Item as Record<string, AttributeValue>)).toBeGreaterThan(4096);

    const queuePage = await t.store.listTickets({
      queueIds: [ticket.queueId],
      statuses: [ticket.status],
      limit: 10,
    });
    expect(queuePage.tickets).toEqual([ticketRow(ticket)]);
    expect(queuePage.tickets[0]).toMatchObject({
      contactName: ticket.contactName,
      preview: ticket.preview,
      slaBadge: { warnAt: '2026-12-01T09:00:00.000Z', dueAt: '2026-12-01T10:00:00.000Z', warned: true },
    });
    expect(queuePage.tickets[0]).not.toHaveProperty('supportCase');
    expect((await inbox.listAssigned('u-researcher', 10)).tickets).toEqual([ticketRow(ticket)]);

    const partitions = {
      byQueueStatus: stored.Item?.GSI1PK?.S as string,
      byAssignee: stored.Item?.GSI2PK?.S as string,
    };
    for (const [indexName, partition] of Object.entries(partitions) as [keyof typeof partitions, string][]) {
      const [kept] = await indexItems(indexName, partition);
      const { partitionKey, sortKey } = TABLE_INDEXES[indexName];
      expect(Object.keys(kept ?? {}).sort(), indexName).toEqual(
        [
          'PK',
          'SK',
          partitionKey,
          sortKey,
          ...TICKET_ROW_ATTRIBUTES.filter((name) => name in (kept ?? {})),
        ].sort(),
      );
      expect(itemSize(kept as Record<string, AttributeValue>), indexName).toBeLessThan(1024);
    }
  });

  it('follow the ticket: at risk once its nearest warning comes, not while it waits on the beneficiary', async () => {
    const ticket = await aGrownCase();
    const atRisk = async (at: string) =>
      (
        await t.store.listTickets({
          queueIds: [ticket.queueId],
          statuses: [ticket.status],
          limit: 50,
          narrowing: { atRiskAt: at },
        })
      ).tickets.some((row) => row.id === ticket.id);
    expect(await atRisk('2026-12-01T08:59:00.000Z')).toBe(false);
    expect(await atRisk('2026-12-01T09:00:00.000Z')).toBe(true);

    const paused = await t.store.updateTicket(ticket.id, (current) => ({
      ...current,
      sla: current.sla && { ...current.sla, pausedAt: '2026-12-01T08:00:00.000Z' },
    }));
    expect(await atRisk('2026-12-01T09:30:00.000Z')).toBe(false);
    const [row] = (await inbox.listAssigned('u-researcher', 1)).tickets;
    expect(row).toEqual(ticketRow(paused));
    expect(row?.slaBadge?.pausedAt).toBe('2026-12-01T08:00:00.000Z');
  });
});

describe('a data folder made before list rows', () => {
  it('is opened with its tickets given their badges, so its lists show them and its at-risk view finds them', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sanad-before-rows-'));
    const tableName = 'sanad-before-rows';
    // The folder as an earlier version left it: list indexes keeping every attribute, tickets without badges.
    const earlier = await startLocalDynamoDB({ path: folder, tableName: 'another-table' });
    const earlierRaw = new DynamoDBClient(earlier.clientConfig);
    const input = createTableInput(tableName);
    await earlierRaw.send(
      new CreateTableCommand({
        ...input,
        GlobalSecondaryIndexes: input.GlobalSecondaryIndexes?.map((index) =>
          index.Projection?.ProjectionType === 'INCLUDE'
            ? { ...index, Projection: { ProjectionType: 'ALL' } }
            : index,
        ),
      }),
    );
    await waitUntilTableExists(
      { client: earlierRaw, maxWaitTime: 10, minDelay: 1 },
      { TableName: tableName },
    );
    const warned = aTicket({
      id: '01J00000000000000000000011',
      lastActivityAt: '2026-11-20T06:00:00.000Z',
      sla: {
        policyId: 'p',
        clocks: { firstResponse: clock('2026-12-01T09:00:00.000Z', '2026-12-01T10:00:00.000Z') },
      },
    });
    const paused = aTicket({
      id: '01J00000000000000000000012',
      lastActivityAt: '2026-11-20T05:00:00.000Z',
      sla: { ...(warned.sla as NonNullable<Ticket['sla']>), pausedAt: '2026-11-30T00:00:00.000Z' },
    });
    const earlierDb = createDocumentClient(earlier.clientConfig);
    for (const ticket of [warned, paused]) {
      const { slaBadge: _notYet, ...before } = ticketItem(ticket, 1);
      await earlierDb.send(new PutCommand({ TableName: tableName, Item: before }));
    }
    earlierRaw.destroy();
    await earlier.close();

    const opened = await startLocalDynamoDB({ path: folder, tableName });
    try {
      const store = new TicketRepository(createDocumentClient(opened.clientConfig), tableName);
      const list = async (atRiskAt?: string) =>
        (
          await store.listTickets({
            queueIds: [warned.queueId],
            statuses: [warned.status],
            limit: 10,
            ...(atRiskAt && { narrowing: { atRiskAt } }),
          })
        ).tickets;
      expect(await list()).toEqual([ticketRow(warned), ticketRow(paused)]);
      expect((await list('2026-12-01T09:30:00.000Z')).map((row) => row.id)).toEqual([warned.id]);
      expect(await list('2026-12-01T08:00:00.000Z')).toEqual([]);
      // Opened again, there is nothing left to badge; a table made since is not even read.
      const openedRaw = new DynamoDBClient(opened.clientConfig);
      const describe = async (client: DynamoDBClient, name: string) =>
        (await client.send(new DescribeTableCommand({ TableName: name }))).Table as TableDescription;
      expect(await badgeTicketsWrittenBeforeRows(openedRaw, await describe(openedRaw, tableName))).toBe(0);
      expect(await badgeTicketsWrittenBeforeRows(raw, await describe(raw, 'sanad-test'))).toBe(0);
      openedRaw.destroy();
    } finally {
      await opened.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
