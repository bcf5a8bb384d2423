import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { TicketChanged } from '../../shared/ports/events.ts';
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
