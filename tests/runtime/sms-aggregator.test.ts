import { beforeAll, describe, expect, it } from 'vitest';
import { aggregatorSignature } from '../../functions/channels/sms/aggregator.ts';
import { LOCAL_SMS_AGGREGATOR_SECRET } from '../../infra/local/local-secrets.ts';
import { STAND_IN_SMS_SENDER_ID } from '../../infra/local/provider-stand-in.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postAggregatorSms, useProviderStandIn } from '../support/provider-stand-in.ts';
import { postJson, signIn } from '../support/runtime.ts';

const provider = useProviderStandIn();
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await provider.startRuntime(['sms-aggregator-api-key'], {
    liveChannels: true,
    sms: {
      provider: 'aggregator',
      baseUrl: provider.standIn.smsAggregatorUrl,
      senderId: STAND_IN_SMS_SENDER_ID,
    },
  });
});

const received = (messageId: string, from: string, text = 'السلام عليكم، متى يصرف الدعم؟') => ({
  messageId,
  from,
  to: STAND_IN_SMS_SENDER_ID,
  text,
});

async function ticketsOfPhone(phone: string) {
  const lookup = await runtime.deps.store.lookupInbound('sms', 'none', [
    { kind: 'phone', value: phone, assurance: 'verified' },
  ]);
  const contactId = lookup.contactIdsByIdentity.values().next().value;
  return contactId ? runtime.deps.store.listContactTickets(contactId) : [];
}

async function reply(ticketId: string, text: string) {
  const token = await signIn(runtime, 'supervisor@sanad.local');
  return postJson(
    `${runtime.url}/api/tickets/${ticketId}/messages`,
    { kind: 'reply', text },
    { authorization: `Bearer ${token}` },
  );
}

describe('SMS through the aggregator', () => {
  it('turns a signed SMS into exactly one ticket, however often the aggregator retries it', async () => {
    const sms = received('agg-in-1', '0551110001');
    const first = await postAggregatorSms(runtime, sms);
    expect(first.status).toBe(200);
    expect(first.body.outcome).toBe('created');
    // A retry comes later with a fresh timestamp and signature; the message id finds the same ticket.
    const retried = await postAggregatorSms(runtime, sms, { at: new Date(Date.now() + 60_000) });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ outcome: 'duplicate', ticketId: first.body.ticketId });
    await runtime.settled();
    const tickets = await ticketsOfPhone('+966551110001');
    expect(tickets.map((ticket) => ticket.id)).toEqual([first.body.ticketId]);
    const thread = await runtime.deps.store.getTicketWithThread(first.body.ticketId as string);
    expect(thread?.messages).toHaveLength(1);
  });

  it.each([
    ['no signature', 'agg-refused-1', { headers: {} }, /missing/],
    ['a wrong secret', 'agg-refused-2', { secret: 'guessed-secret' }, /does not match/],
    ['a stale timestamp', 'agg-refused-3', { at: new Date(Date.now() - 6 * 60_000) }, /five minutes/],
  ])(
    'refuses an SMS with %s with a 401 and its reason, and stores nothing',
    async (_case, messageId, signing, reason) => {
      const refused = await postAggregatorSms(runtime, received(messageId, '0551110009'), signing);
      expect(refused.status).toBe(401);
      expect(refused.body.message).toMatch(reason);
      const lookup = await runtime.deps.store.lookupInbound('sms', messageId, []);
      expect(lookup.guard).toBeUndefined();
    },
  );

  it('refuses a signed body that was changed after signing', async () => {
    const body = JSON.stringify(received('agg-in-tampered', '0551110003'));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const refused = await postJson(
      `${runtime.url}/webhooks/sms/aggregator`,
      body.replace('0551110003', '0551110004'),
      {
        'x-sanad-timestamp': timestamp,
        'x-sanad-signature': aggregatorSignature(LOCAL_SMS_AGGREGATOR_SECRET, timestamp, body),
      },
    );
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/does not match/);
  });

  it("sends a staff reply to the aggregator's API with the key, the sender id and the request's correlation id", async () => {
    const created = await postAggregatorSms(runtime, received('agg-in-2', '0551110002'));
    const before = provider.standIn.requests.length;
    const sent = await reply(created.body.ticketId as string, 'يصرف الدعم في بداية الشهر');
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ channel: 'sms', deliveryStatus: 'sent' });
    expect(String(sent.body.providerMessageId)).toMatch(/^agg-/);
    const calls = provider.standIn.requests.slice(before);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call).toMatchObject({ method: 'POST', path: '/sms-aggregator/messages' });
    expect(call?.authorization).toBe('Bearer stand-in-sms-aggregator-key');
    expect(JSON.parse(call?.body.toString('utf8') ?? '{}')).toMatchObject({
      to: '+966551110002',
      sender: 'SANAD',
      text: 'يصرف الدعم في بداية الشهر',
      type: 'transactional',
      reference: call?.correlationId,
    });
    expect(call?.correlationId).toEqual(expect.any(String));
  });

  it('keeps the reply failed with the reason when the aggregator is down', async () => {
    const created = await postAggregatorSms(runtime, received('agg-in-3', '0551110005'));
    provider.standIn.failNext('/sms-aggregator', 1);
    const failed = await reply(created.body.ticketId as string, 'نعتذر عن التأخير');
    expect(failed.body).toMatchObject({ deliveryStatus: 'failed' });
    expect(String(failed.body.failureReason)).toMatch(/unavailable \(HTTP 500\)/);
  });
});
