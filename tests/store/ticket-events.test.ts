import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
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

async function eventItemsOf(ticketId: string) {
  const { Items = [] } = await createDocumentClient(t.dynamo.clientConfig).send(
    new QueryCommand({
      TableName: 'sanad-test',
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :events)',
      ExpressionAttributeValues: { ':pk': `TICKET#${ticketId}`, ':events': 'EVT#' },
    }),
  );
  return Items;
}

describe("a ticket's events", () => {
  it('that one change records are one item, and the thread reads them all in the order they happened', async () => {
    const created = await ingestContact(t.deps, anInboundContact());
    const opened = await t.store.getTicketWithThread(created.ticketId);
    expect(opened?.events.map((event) => event.type)).toEqual(['created', 'routed']);
    expect(await eventItemsOf(created.ticketId)).toHaveLength(1);

    const other = await ingestContact(t.deps, anInboundContact());
    const at = new Date().toISOString();
    const later = (ticketId: string, type: string) => ({
      id: t.deps.ids.next(),
      ticketId,
      type,
      at,
      data: {},
    });
    // One change touching two tickets (a merge's trail): one item each.
    await t.store.addEvents([
      later(created.ticketId, 'merged_into'),
      later(other.ticketId, 'merged_from'),
      later(created.ticketId, 'status_changed'),
    ]);
    await t.store.addEvents([later(created.ticketId, 'note_added')]);

    const thread = await t.store.getTicketWithThread(created.ticketId);
    expect(thread?.events.map((event) => event.type)).toEqual([
      'created',
      'routed',
      'merged_into',
      'status_changed',
      'note_added',
    ]);
    expect(thread?.events.every((event) => event.ticketId === created.ticketId)).toBe(true);
    expect(await eventItemsOf(created.ticketId)).toHaveLength(3);
    expect((await t.store.getTicketWithThread(other.ticketId))?.events.at(-1)?.type).toBe('merged_from');
  });
});
