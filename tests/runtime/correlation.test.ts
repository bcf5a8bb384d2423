import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { TicketChanged } from '../../shared/domain/ticket-change.ts';
import { postJson, startTestRuntime } from '../support/runtime.ts';
import { anApplication } from '../support/support-request.ts';

let runtime: LocalRuntime;
const changes: TicketChanged[] = [];

beforeAll(async () => {
  runtime = await startTestRuntime();
  runtime.bus.subscribe((change) => changes.push(change));
});
afterAll(async () => {
  await runtime.close();
});

describe('one correlation id from a request to what it causes', () => {
  it("puts a web-form contact's request id on its ticket event and its acknowledgement in the outbox", async () => {
    const form = anApplication();
    const created = await postJson(`${runtime.url}/public/support-requests`, form);
    expect(created.status).toBe(201);
    await runtime.settled();

    const reference = created.body.reference as string;
    const event = changes.find((change) => change.reference === reference && change.kind === 'created');
    expect(event?.correlationId).toEqual(expect.any(String));

    const phone = `+966${String(form.phone).slice(1)}`;
    // The phone code and the acknowledgement both leave under the request's id.
    const texts = runtime.outbox.list('sms').filter((entry) => entry.to === phone);
    expect(texts).toHaveLength(2);
    for (const text of texts)
      expect(JSON.parse(text.payload)).toMatchObject({
        ticketReference: reference,
        correlationId: event?.correlationId,
      });
    // The message event the acknowledgement made carries the same id, and so does its outbox item.
    const sent = changes.filter((change) => change.reference === reference && change.kind === 'message');
    expect(sent.map((change) => change.correlationId)).toContain(event?.correlationId);
  });

  it("stamps the ticket item with the request's id, so the table stream's consumers work under it", async () => {
    const created = await postJson(`${runtime.url}/public/support-requests`, anApplication());
    await runtime.settled();
    const event = changes.find(
      (change) => change.reference === created.body.reference && change.kind === 'created',
    );
    const ticketId = event?.ticketId ?? '';
    const raw = new DynamoDBClient({
      endpoint: runtime.dynamoEndpoint,
      region: 'me-south-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { Item } = await raw.send(
      new GetItemCommand({ TableName: 'sanad', Key: marshall(keys.ticket(ticketId)), ConsistentRead: true }),
    );
    raw.destroy();
    // The last write to the ticket (the acknowledgement's first response) was made under the same request.
    expect(Item?.correlationId?.S).toBe(event?.correlationId);
    // It is storage, not part of the ticket staff read.
    expect(await runtime.deps.store.getTicket(ticketId)).not.toHaveProperty('correlationId');
  });

  it('gives two requests two ids', async () => {
    const first = await postJson(`${runtime.url}/public/support-requests`, anApplication());
    const second = await postJson(`${runtime.url}/public/support-requests`, anApplication());
    await runtime.settled();
    const idOf = (reference: unknown) =>
      changes.find((change) => change.reference === reference && change.kind === 'created')?.correlationId;
    expect(idOf(first.body.reference)).toEqual(expect.any(String));
    expect(idOf(second.body.reference)).toEqual(expect.any(String));
    expect(idOf(first.body.reference)).not.toBe(idOf(second.body.reference));
  });
});
