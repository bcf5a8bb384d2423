import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { TicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.ts';
import { startTestStore, type TestStore } from '../support/store.ts';

let t: TestStore;
beforeAll(async () => {
  t = await startTestStore();
});
afterAll(async () => {
  await t.dynamo.close();
});

describe('a delivery report finds our outbound message', () => {
  it('by a consistent read of its pointer, which a report following the write by milliseconds sees', async () => {
    const message = { ticketId: 'T-REPORT', id: 'M-REPORT' };
    await t.db.send(
      new PutCommand({
        TableName: 'sanad-test',
        Item: { ...keys.message(message.ticketId, message.id), entity: 'message', deliveryStatus: 'pending' },
      }),
    );
    await t.db.send(
      new PutCommand({
        TableName: 'sanad-test',
        Item: {
          ...keys.outboundMessage('whatsapp', 'wamid.JUST-SENT'),
          entity: 'outbound',
          ticketId: message.ticketId,
          messageId: message.id,
        },
      }),
    );
    // DynamoDB's default (eventually consistent) read may not see an item written a moment ago.
    const lagging = new Proxy(t.db, {
      get(target, name, receiver) {
        if (name !== 'send') return Reflect.get(target, name, receiver);
        return (command: unknown) =>
          command instanceof GetCommand && !command.input.ConsistentRead
            ? Promise.resolve({})
            : target.send(command as never);
      },
    });
    const store = new TicketRepository(lagging, 'sanad-test');
    expect(await store.updateDeliveryStatus('whatsapp', 'wamid.JUST-SENT', 'delivered')).toEqual({
      ticketId: message.ticketId,
      messageId: message.id,
    });
    const { Item } = await t.db.send(
      new GetCommand({
        TableName: 'sanad-test',
        Key: keys.message(message.ticketId, message.id),
        ConsistentRead: true,
      }),
    );
    expect(Item?.deliveryStatus).toBe('delivered');
  });
});
