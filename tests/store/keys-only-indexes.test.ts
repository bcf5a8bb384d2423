import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { EscalationIndexRepository } from '../../functions/adapters/dynamodb/escalation-index-repository.ts';
import { ReportRepository } from '../../functions/adapters/dynamodb/report-repository.ts';
import { TABLE_INDEXES, TICKET_ROW_ATTRIBUTES } from '../../functions/adapters/dynamodb/table.ts';
import { itemsNamedBy } from '../../functions/adapters/dynamodb/table-access.ts';
import { TicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.ts';
import { riyadhDay } from '../../shared/reports/reported-ticket.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { anInboundContact } from '../support/factories.ts';
import { startTestStore, type TestStore } from '../support/store.ts';

let t: TestStore;
beforeAll(async () => {
  t = await startTestStore();
});
afterAll(async () => {
  await t.dynamo.close();
});

describe('the indexes that keep keys only (byContact, dueForEscalation, byCreatedDay)', () => {
  it('are made so in the table, the inbox lists keeping their rows', async () => {
    const { Table } = await new DynamoDBClient(t.dynamo.clientConfig).send(
      new DescribeTableCommand({ TableName: 'sanad-test' }),
    );
    const projections = Object.fromEntries(
      (Table?.GlobalSecondaryIndexes ?? []).map((index) => [
        index.IndexName,
        [index.Projection?.ProjectionType, ...(index.Projection?.NonKeyAttributes ?? [])],
      ]),
    );
    expect(projections).toEqual(
      Object.fromEntries(
        Object.entries(TABLE_INDEXES).map(([name, index]) => [
          name,
          [index.projection, ...('kept' in index ? index.kept : [])],
        ]),
      ),
    );
    expect(projections).toMatchObject({
      byQueueStatus: ['INCLUDE', ...TICKET_ROW_ATTRIBUTES],
      byAssignee: ['INCLUDE', ...TICKET_ROW_ATTRIBUTES],
      byContact: ['KEYS_ONLY'],
    });
  });

  it('still answer with whole tickets, newest first, as the table holds them now', async () => {
    const first = anInboundContact({ subject: 'طلب سلة غذائية', text: 'نحتاج سلة غذائية هذا الشهر' });
    const created = await ingestContact(t.deps, first);
    const ticket = (await t.store.getTicketWithThread(created.ticketId))?.ticket;
    const contactId = created.contactId as string;

    expect(await t.store.findActiveTicket(contactId, 'sms')).toEqual(ticket);
    expect(await t.store.listContactTickets(contactId)).toEqual([ticket]);

    // A change after the index was written is read from the table, not from a copy in the index.
    const warnAt = '2026-12-01T08:12:00.000Z';
    await t.store.updateTicket(created.ticketId, (current) => ({
      ...current,
      priority: 'high',
      sla: {
        policyId: 'standard',
        clocks: {
          firstResponse: {
            startedAt: current.createdAt,
            warnAt,
            dueAt: '2026-12-01T09:00:00.000Z',
            levelsAt: [],
          },
        },
        nextCheckAt: warnAt,
      },
    }));
    expect((await t.store.findActiveTicket(contactId, 'sms'))?.priority).toBe('high');

    const db = createDocumentClient(t.dynamo.clientConfig);
    const escalation = new EscalationIndexRepository(db, 'sanad-test');
    // The sweep reads each due ticket again as it escalates it: the index gives it ids only.
    expect(await escalation.ticketIdsDueInBucket(escalation.bucketOf(warnAt), warnAt)).toContain(
      created.ticketId,
    );

    const day = riyadhDay(ticket?.createdAt as string);
    const exported = [];
    for await (const page of new ReportRepository(db, 'sanad-test').ticketsCreatedIn({ from: day, to: day }))
      exported.push(...page);
    expect(exported.find((each) => each.id === created.ticketId)).toMatchObject({
      reference: created.reference,
      priority: 'high',
    });
  });

  it('keep keys only, and a page naming a ticket deleted since is read without it, in the index order', async () => {
    const older = await ingestContact(t.deps, anInboundContact());
    const newer = await ingestContact(t.deps, anInboundContact());
    const db = createDocumentClient(t.dynamo.clientConfig);
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: 'sanad-test',
        IndexName: 'byContact',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': `CONTACT#${older.contactId}` },
      }),
    );
    expect(Object.keys(Items[0] ?? {}).sort()).toEqual(['GSI3PK', 'GSI3SK', 'PK', 'SK']);

    const page = [
      { PK: `TICKET#${newer.ticketId}`, SK: 'META' },
      { PK: 'TICKET#01GONE00000000000000000000', SK: 'META' },
      { PK: `TICKET#${older.ticketId}`, SK: 'META' },
    ];
    const read = await itemsNamedBy(db, 'sanad-test', page);
    expect(read.map((item) => item.id)).toEqual([newer.ticketId, older.ticketId]);
  });

  it('answer no active ticket when the one an index read names was resolved since (the index lags)', async () => {
    const created = await ingestContact(t.deps, anInboundContact());
    const db = createDocumentClient(t.dynamo.clientConfig);
    const { Items: named = [] } = await db.send(
      new QueryCommand({
        TableName: 'sanad-test',
        IndexName: 'byContact',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': `CONTACT#${created.contactId}` },
      }),
    );
    await t.store.updateTicket(created.ticketId, (ticket) => ({ ...ticket, status: 'resolved' }));
    // An index that has not caught up still names the ticket under its active key.
    const lagging = new Proxy(db, {
      get(target, name, receiver) {
        if (name !== 'send') return Reflect.get(target, name, receiver);
        return (command: { input: { IndexName?: string } }) =>
          command.input.IndexName === 'byContact'
            ? Promise.resolve({ Items: named })
            : target.send(command as never);
      },
    });
    const store = new TicketRepository(lagging, 'sanad-test');
    expect(await store.findActiveTicket(created.contactId as string, 'sms')).toBeUndefined();
    expect(await t.store.findActiveTicket(created.contactId as string, 'sms')).toBeUndefined();
  });
});
